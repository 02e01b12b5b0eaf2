"""apt-get install without -y (DL3014)."""

from __future__ import annotations

from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.fixing.shell_edits import insert_edit
from dockfix.shell.tools import apt_call, calls, has_assume_yes, option_values

# subcommands that ask "Do you want to continue? [Y/n]"
PROMPTING = {"install", "upgrade", "dist-upgrade", "full-upgrade", "remove", "purge", "autoremove",
             "autopurge", "build-dep", "reinstall", "satisfy"}
# subcommands that act only on the packages named: without one they do nothing and never prompt
_NEED_PACKAGES = {"remove", "purge", "install", "reinstall", "build-dep"}


class AptGetYes(Transform):
    name = "apt-get-yes"
    code = "DF110"
    summary = "Add -y to apt-get commands that would stop at a confirmation prompt"
    hadolint = ("DL3014",)
    links = ("https://github.com/hadolint/hadolint/wiki/DL3014",)
    explanation = """
What: `apt-get install` (and `upgrade`, `dist-upgrade`, `remove`, `purge`,
`autoremove`, `build-dep`) without `-y`/`--yes`/`--assume-yes` (or quiet
level 2, `-qq`, which implies it) gets `-y` right after the subcommand.

Why: a build has no terminal. When apt-get needs to ask "Do you want to
continue? [Y/n]" it reads end-of-file and aborts, so the build fails as
soon as a package needs extra dependencies. hadolint reports DL3014.

Example:
    RUN apt-get update && apt-get install curl
becomes
    RUN apt-get update && apt-get install -y curl

Fix safety: safe. `-y` only answers the yes/no prompt that would otherwise
abort the build; it does not allow removing essential packages or
downgrades (those need their own --allow-* options). `apt-get purge` or
`remove` with no package (and no --auto-remove) never asks: left alone. Commands behind
`sudo`/`env` are handled; the fix inserts three characters and touches
nothing else. A subcommand hidden in a variable is left alone.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ins, view in ctx.model.run_views():
            for call in calls(view):
                ac = apt_call(call)
                if ac is None or ac.tool != "apt-get" or ac.sub not in PROMPTING:
                    continue
                if has_assume_yes(ac):
                    continue
                if ac.sub in _NEED_PACKAGES and not ac.operands and not any(
                        "auto-remove" in v or "autoremove" in v for v in option_values(ac)):
                    continue  # `apt-get purge` with no package removes nothing and never asks
                w = ac.sub_word
                assert w is not None  # apt_call sets sub_word with sub
                fix = Fix.safe(insert_edit(ctx.doc, w.end, " -y"), message="add -y")
                yield ctx.finding(self, (call.cmd.start, call.cmd.end), f"`apt-get {ac.sub}` without -y aborts at the confirmation prompt",
                                  fix=fix, instruction=ins)
