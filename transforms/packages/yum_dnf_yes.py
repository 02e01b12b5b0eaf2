"""yum/dnf/microdnf/zypper without the non-interactive switch -> add it (DL3030, DL3038, DL3034)."""

from __future__ import annotations

from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.fixing.shell_edits import insert_after
from dockfix.shell.tools import arg_index, base, has_option

# sub-commands that ask for confirmation
YUM_SUBS = {"install", "groupinstall", "localinstall", "reinstall", "remove", "erase", "update", "upgrade",
            "downgrade", "distro-sync", "autoremove", "groupremove", "groupupdate", "swap"}
ZYPPER_SUBS = {"install", "in", "remove", "rm", "source-install", "si", "patch", "update", "up",
               "dist-upgrade", "dup", "install-new-recommends", "inr"}


class RpmYes(Transform):
    name = "yum-dnf-yes"
    code = "DF132"
    summary = "Answer yes non-interactively: yum/dnf/microdnf -y, zypper -n"
    hadolint = ("DL3030", "DL3038", "DL3034")
    links = ("https://github.com/hadolint/hadolint/wiki/DL3030", "https://github.com/hadolint/hadolint/wiki/DL3038",
             "https://github.com/hadolint/hadolint/wiki/DL3034")
    explanation = """
What: `yum`/`dnf`/`microdnf` install, update, remove (and the other
sub-commands that ask for confirmation) without `-y`/`--assumeyes` get `-y`
right after the sub-command; `zypper` install/remove/update/patch/... without
`-n`/`--non-interactive`/`-y`/`--no-confirm` gets the global `-n` right after
`zypper`.

Why: a build has no terminal to answer the "Is this ok [y/N]" prompt; yum and
dnf read end-of-file and abort the transaction, so the RUN fails (or,
worse, a step that "succeeded" installed nothing) (hadolint DL3030, DL3038,
DL3034).

Example:
    RUN yum install httpd
becomes
    RUN yum install -y httpd

Fix safety: safe for yum, dnf and zypper: the option only answers the
confirmation prompt. For microdnf it is unsafe: microdnf never prompts, and
very old microdnf releases (RHEL 7 era) may not accept `-y`. Commands with
`--assumeno` are left alone.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ins, target, view in ctx.model.shell_runs():
            for cmd in view.commands():
                tool = base(cmd.name)
                if tool in ("yum", "dnf", "microdnf"):
                    i = arg_index(cmd, YUM_SUBS)
                    if i is None or has_option(cmd, short="y", long=("assumeyes", "assumeno", "yes")):
                        continue
                    dashes = arg_index(cmd, {"--"})
                    if dashes is not None and dashes < i:
                        continue  # after `--` an added -y would be a package name
                    edit = insert_after(cmd.argv[i], "-y")
                    fix = Fix.unsafe(edit, message="add -y (old microdnf may reject it)") if tool == "microdnf" \
                        else Fix.safe(edit, message="add -y")
                    yield ctx.finding(self, (cmd.start, cmd.end), f"{tool} {cmd.argv[i].value} without -y asks for confirmation",
                                      fix=fix, instruction=ins)
                elif tool == "zypper":
                    i = arg_index(cmd, ZYPPER_SUBS)
                    if i is None or has_option(cmd, short="yn", long=("non-interactive", "no-confirm")):
                        continue
                    fix = Fix.safe(insert_after(cmd.argv[0], "-n"), message="add -n (--non-interactive)")
                    yield ctx.finding(self, (cmd.start, cmd.end), f"zypper {cmd.argv[i].value} without -n asks for confirmation",
                                      fix=fix, instruction=ins)
