"""apt-get install without --no-install-recommends (DL3015)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import UNSAFE, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.fixing.shell_edits import insert_edit
from dockfix.shell.tools import apt_call, calls, option_values

_RECOMMENDS_OPT = re.compile(r"(?i)^APT::Install-Recommends=")


class AptNoInstallRecommends(Transform):
    name = "apt-no-install-recommends"
    code = "DF111"
    summary = "Add --no-install-recommends to apt-get install"
    hadolint = ("DL3015",)
    applicability = UNSAFE
    max_applicability = UNSAFE
    links = ("https://github.com/hadolint/hadolint/wiki/DL3015",)
    explanation = """
What: `apt-get install` gets `--no-install-recommends` right after
`install`, unless it already has it (or `-o APT::Install-Recommends=...`).

Why: by default apt also installs every "Recommended" package. Those are
rarely needed in a container and often add hundreds of megabytes (a
compiler toolchain pulls in documentation, X11 libraries, ...). hadolint
reports DL3015.

Example:
    RUN apt-get install -y curl
becomes
    RUN apt-get install -y --no-install-recommends curl

Fix safety: unsafe. The image gets fewer packages; software that relied on
a recommended package (for example `ca-certificates` pulled in by `curl`,
or `gnupg` by some tools) fails later, at build or at run time. Review the
diff and add the packages you need by name. An install that explicitly
asks for `--install-recommends` is left alone.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ins, view in ctx.model.run_views():
            for call in calls(view):
                ac = apt_call(call)
                if ac is None or ac.tool != "apt-get" or ac.sub != "install":
                    continue
                opts = option_values(ac)
                if any(v == "--no-install-recommends" or v.startswith("--no-install-recommends=") for v in opts):
                    continue
                if any(_RECOMMENDS_OPT.match(v) for v in opts):
                    continue
                where = (call.cmd.start, call.cmd.end)
                msg = "`apt-get install` without --no-install-recommends also installs recommended packages"
                if any(v == "--install-recommends" or v.startswith("--install-recommends=") for v in opts):
                    yield ctx.finding(self, where, msg, refused="the command asks for --install-recommends explicitly",
                                      instruction=ins)
                    continue
                assert ac.sub_word is not None  # apt_call sets sub_word with sub
                fix = Fix.unsafe(insert_edit(ctx.doc, ac.sub_word.end, " --no-install-recommends"),
                                 message="add --no-install-recommends")
                yield ctx.finding(self, where, msg, fix=fix, instruction=ins)
