"""wget without a progress setting -> --progress=dot:giga (GNU) or -q (busybox) (DL3047)."""

from __future__ import annotations

from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.fixing.shell_edits import insert_after
from dockfix.shell.tools import base, has_option


class WgetProgress(Transform):
    name = "wget-progress"
    code = "DF135"
    summary = "Give wget a quiet progress style so build logs are not flooded"
    hadolint = ("DL3047",)
    links = ("https://github.com/hadolint/hadolint/wiki/DL3047",)
    explanation = """
What: a `wget` without `-q`/`--quiet`, `-nv`/`--no-verbose`, `--progress=...`,
`-o`/`--output-file` or `-a`/`--append-output` gets `--progress=dot:giga`
right after the command name; in busybox-based stages (Alpine, busybox, a stage
that uses `apk`) and where the userland is unknown it gets `-q` instead.

Why: wget's default progress bar, written to a non-terminal, prints a line of
dots for every few kilobytes; downloading a large file buries the build log
(hadolint DL3047). `dot:giga` prints one line per 32 MB.

Example:
    RUN wget https://example.com/app.tar.gz
becomes
    RUN wget --progress=dot:giga https://example.com/app.tar.gz

Fix safety: safe. Only what wget prints changes. busybox wget does not know
`--progress` (the build would fail with "unrecognized option"), so `-q`, which
both GNU and busybox wget accept, is used unless the stage is known to have a
GNU userland (a Debian/Ubuntu/RHEL/SUSE-based official image, or a stage that
uses apt-get/yum/dnf/zypper). `-q` also hides wget's error messages; the exit
status is unchanged.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ins, target, view in ctx.model.shell_runs():
            flag = None
            for cmd in view.commands():
                if base(cmd.name) != "wget":
                    continue
                if has_option(cmd, short="qoa", long=("progress", "quiet", "no-verbose", "output-file", "append-output"),
                              exact=("-nv",)):
                    continue
                if flag is None:
                    gnu = ctx.model.busybox_userland(target.stage) is False
                    flag = "--progress=dot:giga" if gnu else "-q"
                fix = Fix.safe(insert_after(cmd.argv[0], flag), message=f"add {flag}")
                yield ctx.finding(self, (cmd.start, cmd.end), f"wget without a progress setting; add {flag}",
                                  fix=fix, instruction=ins)
