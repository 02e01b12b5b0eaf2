"""Output formats: text (plain, or coloured with rich on a terminal), json,
SARIF 2.1.0 (GitHub code scanning) and GitHub workflow annotations; one module each.

Nothing here imports rich at module level: a plain run (piped, or
``--no-color``) never loads it.
"""

from dockfix.app.reporters.github import github_error, github_line
from dockfix.app.reporters.json import finding_json
from dockfix.app.reporters.lines import Lines
from dockfix.app.reporters.sarif import SARIF_SCHEMA, SARIF_VERSION, artifact_uri, sarif_log, sarif_rule
from dockfix.app.reporters.text import Progress, TextSink, diff_text, use_color

__all__ = [
    "SARIF_SCHEMA",
    "SARIF_VERSION",
    "Lines",
    "Progress",
    "TextSink",
    "artifact_uri",
    "diff_text",
    "finding_json",
    "github_error",
    "github_line",
    "sarif_log",
    "sarif_rule",
    "use_color",
]
