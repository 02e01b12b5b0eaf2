"""yum/dnf/microdnf/zypper without clean-up in the same RUN -> append it (DL3032, DL3040, DL3036)."""

from __future__ import annotations

from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.fixing.shell_edits import append_command
from dockfix.shell.nodes import always_runs_through_groups
from dockfix.shell.tools import arg_index, base, unwrap
from dockfix.shell.view import SimpleCommand
from dockfix.syntax.mounts import cache_mount_targets, mount_covers

INSTALLS = {"install", "groupinstall", "localinstall", "reinstall", "update", "upgrade", "downgrade", "distro-sync",
            "in", "up", "dist-upgrade", "dup", "patch", "source-install", "si"}
CLEAN = {"yum": "yum clean all", "dnf": "dnf clean all", "microdnf": "microdnf clean all", "zypper": "zypper clean -a"}
# (yum is dnf on EL8+: its cache is /var/cache/dnf there)
CACHE = {"yum": ["/var/cache/yum", "/var/cache/dnf"], "dnf": ["/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"],
         "microdnf": ["/var/cache/yum", "/var/cache/dnf"], "zypper": ["/var/cache/zypp"]}
OTHER_PMS = {"apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper", "pacman", "emerge", "tdnf"}


def _cleans(cmd, tool) -> bool:
    call = unwrap(cmd)
    if call is None:
        return False
    name = call.name
    vals = [w.value or w.text for w in call.args]
    if name == tool:
        return "clean" in vals or (tool == "zypper" and "cc" in vals)
    if name == "rm":
        return any(v.startswith(p) for v in vals for p in CACHE[tool])
    return False


def _removes_tool(cmd, tool) -> bool:
    """A command that may uninstall or delete the package manager itself."""
    call = unwrap(cmd)
    args = call.args if call is not None else cmd.argv[1:]
    return any(base(w.value or w.text) == tool for w in args) and not _cleans(cmd, tool)


def _name(cmd) -> str | None:
    """The command's name after ``sudo`` / ``env`` wrappers."""
    call = unwrap(cmd)
    return call.name if call is not None else base(cmd.name)


def _sudo(cmd) -> bool:
    """The command runs its package manager through ``sudo`` (the clean-up must too)."""
    call = unwrap(cmd)
    return call is not None and any(base(w.value) == "sudo" for w in cmd.argv[:call.index])


class RpmClean(Transform):
    name = "yum-dnf-clean"
    shipped_stages_only = True
    code = "DF133"
    summary = "Clean the yum/dnf/microdnf/zypper cache in the RUN that installs"
    hadolint = ("DL3032", "DL3040", "DL3036")
    links = ("https://github.com/hadolint/hadolint/wiki/DL3032", "https://github.com/hadolint/hadolint/wiki/DL3040",
             "https://github.com/hadolint/hadolint/wiki/DL3036")
    explanation = """
What: a RUN that installs or updates packages with yum, dnf, microdnf or
zypper and does not clean up afterwards gets `&& yum clean all` (`dnf clean
all`, `microdnf clean all`, `zypper clean -a`) appended after its last
command, in the RUN's own style: on one line for a one-line RUN, on a new
`    && ...` line (same indentation, same escape character, same line ending)
for a multi-line one. An install run through `sudo` (the build's user is
not root) gets its clean-up through `sudo` too.

Why: the metadata and package cache (/var/cache/yum, /var/cache/dnf,
/var/cache/zypp) stays in the layer, often 100 MB or more; cleaning it in a
later RUN does not shrink the image (hadolint DL3032, DL3040, DL3036).

Example:
    RUN yum install -y httpd
becomes
    RUN yum install -y httpd && yum clean all

Fix safety: safe: a later install downloads the metadata again. Left alone
(finding refused): a RUN whose cache is a `RUN --mount=type=cache` target, an
install that does not always run (inside `if`, a loop, a function or
after `||`: the tool may not exist where the clean-up would run; an install
inside a `( ... )` subshell or a `{ ...; }` group is cleaned after it, as
merge-run produces them), a RUN that uses several package managers (a distribution
switch), a RUN that names the package manager as an argument after the
install (`rpm -e yum`, `microdnf remove microdnf`: the clean-up would not find
it), a RUN whose last command runs in the background or that carries an extra
heredoc.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        for ins, target, view in ctx.model.shell_runs():
            cmds = view.commands()
            tools: list[str] = []
            last: dict[str, SimpleCommand] = {}
            names: set[str | None] = set()
            for c in cmds:
                call = unwrap(c)
                t = _name(c)
                names.add(t)
                if call is None or t not in CLEAN:
                    continue
                first = call.index + 1
                if arg_index(c, INSTALLS, first) is not None and not (t == "zypper" and arg_index(c, {"clean", "cc"}, first)):
                    if t not in tools:
                        tools.append(t)
                    last[t] = c
            if not tools:
                continue
            need = []
            for t in tools:
                lc = last[t]
                if not any(c.start > lc.start and _cleans(c, t) for c in cmds):
                    need.append(t)
            if not need:
                continue
            msg = f"{', '.join(need)} cache left in the layer; clean it in the same RUN"
            where = (last[need[0]].start, last[need[0]].end)
            reason = None
            mounts = cache_mount_targets(target)
            if any(mount_covers(mounts, CACHE[t]) for t in need):
                reason = "the package cache is a RUN --mount=type=cache target"
            elif names & OTHER_PMS - set(tools):
                reason = "the RUN uses several package managers"
            elif any(c.start > last[t].start and _removes_tool(c, t) for t in need for c in cmds):
                reason = "the RUN removes the package manager after installing"
            else:
                for c in cmds:
                    if _name(c) in need and not always_runs_through_groups(c):
                        reason = "the install does not always run (condition, loop, function or ||)"
                        break
            clean = " && ".join(("sudo " if _sudo(last[t]) else "") + CLEAN[t] for t in need)
            if reason is None:
                edit, reason = append_command(doc, ins, target, view, clean)
            if reason is not None:
                yield ctx.finding(self, where, msg, refused=reason, instruction=ins)
                continue
            assert edit is not None  # append_command returns an edit or a reason
            yield ctx.finding(self, where, msg, fix=Fix.safe(edit, message="append " + clean),
                              instruction=ins)
