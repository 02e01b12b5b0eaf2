"""Remove sudo where the build already runs as root (DL3004)."""

from __future__ import annotations

import re

from dockfix.fix import Edit, Fix
from dockfix.registry import Transform

from ._pkgutil import ROOT_IMAGES, base, image_of, parent_stage, run_views

_HARMLESS_OPTS = {"-E", "-n", "-S", "--preserve-env", "--non-interactive", "--stdin"}
# commands whose behaviour does not depend on the environment sudo resets
_SYSTEM_TOOLS = {
    "apt-get", "apt", "apt-key", "apt-cache", "aptitude", "dpkg", "dpkg-reconfigure", "add-apt-repository",
    "yum", "dnf", "microdnf", "apk", "zypper", "rpm", "chown", "chmod", "chgrp", "mkdir", "rm", "rmdir", "cp",
    "mv", "ln", "touch", "tee", "sed", "echo", "printf", "cat", "useradd", "groupadd", "usermod", "userdel",
    "groupdel", "gpasswd", "adduser", "addgroup", "deluser", "passwd", "chpasswd", "update-alternatives",
    "update-ca-certificates", "ldconfig", "locale-gen", "update-locale", "localedef", "ln", "tar", "unzip",
    "install", "dpkg-divert", "setcap", "chsh", "visudo", "find", "xargs", "sh", "bash", "dash",
}
_ROOT_USERS = {"root", "0"}
# images known to set a non-root USER
_NON_ROOT_IMAGES = re.compile(
    r"(?i)^(?:[\w.-]+(?::\d+)?/)?(?:jupyter/|quay\.io/jupyter/|bitnami/|jenkins/|jenkins(?::|$)|circleci/|cimg/|gitpod/|"
    r"selenium/|sonarqube|codercom/|cypress/|[\w.-]*notebook)"
)


def _harmless_cluster(v: str, home_set: bool) -> bool:
    """``-EH``-style clusters of options that change nothing for root: -E, -n,
    -S, and -H (HOME becomes /root, which it is unless an ENV set HOME)."""
    if not re.fullmatch(r"-[A-Za-z]+", v):
        return v == "--set-home" and not home_set
    ok = set("EnS") | (set() if home_set else {"H"})
    return all(ch in ok for ch in v[1:])


def _sets_home(doc, ins) -> bool:
    from dockfix.variables import env_decls

    stage, stop = ins.stage, ins
    seen = set()
    while stage is not None and stage.index not in seen:
        seen.add(stage.index)
        for other in stage.instructions:
            if other is stop:
                break
            if other.cmd == "ENV" and any(k == "HOME" for k, _ in env_decls(other)):
                return True
        stage, stop = parent_stage(doc, stage), None
    return False


def user_before(doc, ins):
    """The USER in force at ``ins``: a string, None for "not set in this
    file", or False when it cannot be known (a variable)."""
    stage = ins.stage
    seen = set()
    user = None
    stop = ins
    while stage is not None and stage.index not in seen:
        seen.add(stage.index)
        for other in stage.instructions:
            if other is stop:
                break
            if other.cmd == "USER":
                user = other.args.strip()
        if user is not None:
            break
        stop = None
        stage = parent_stage(doc, stage)
    if user is None:
        return None
    if "$" in user:
        return False
    return user


def root_base(doc, stage) -> str | None:
    """The external image at the root of ``stage``'s FROM chain."""
    seen = set()
    st = stage
    while st is not None and st.index not in seen:
        seen.add(st.index)
        p = parent_stage(doc, st)
        if p is None:
            return image_of(doc, st)
        st = p
    return None


class RemoveSudo(Transform):
    name = "remove-sudo"
    code = "DF115"
    summary = "Remove sudo from RUN commands where the build already runs as root"
    hadolint = ("DL3004",)
    links = ("https://github.com/hadolint/hadolint/wiki/DL3004",)
    explanation = """
What: a `sudo ` prefix (alone, or with -E/-n) in a RUN command is removed
when the build runs as root at that point: the last USER before it (in the
stage or the stages it is built FROM) is root/0, or there is no USER and
the base image is a well-known image that runs as root (debian, ubuntu,
alpine, python, node, ...).

Why: the build already has root; sudo adds a package, a setuid binary and
an unpredictable TTY/password behaviour to the image, and it hides that the
Dockerfile runs as root. hadolint reports DL3004.

Example:
    FROM ubuntu:22.04
    RUN sudo apt-get update
becomes
    FROM ubuntu:22.04
    RUN apt-get update

Fix safety: safe for system tools (apt-get, chmod, useradd, ...) when root
is certain. sudo resets the environment (PATH becomes its secure_path and
most variables are dropped), so for other commands (pip, npm, scripts) the
fix is unsafe: without sudo they see the build's full environment. It is
unsafe too when the base image is not known to run as root, and refused
for images known to set a non-root USER (jupyter, bitnami, jenkins,
circleci, selenium, ...). Never applied after
a non-root USER, in ONBUILD triggers (the user is only known later), with
sudo options that change the user or environment (-u other, -i, -s, -H
after an ENV HOME, ...), or
when `sudo` is an argument (a package named sudo is not touched).
"""

    def check(self, ctx):
        doc = ctx.doc
        for ins, view in run_views(ctx):
            for cmd in view.commands():
                if not cmd.argv or base(cmd.argv[0].value) != "sudo":
                    continue
                where = (cmd.start, cmd.end)
                msg = "sudo in a Dockerfile RUN: the build can run as root itself"
                if ins.sub is not None:
                    yield ctx.finding(self, where, msg, refused="ONBUILD trigger: the user is only known in the child image",
                                      instruction=ins)
                    continue
                argv = cmd.argv
                k = 1
                bad = None
                while k < len(argv):
                    v = argv[k].value
                    if v is None or not v.startswith("-"):
                        break
                    if v == "--":
                        k += 1
                        break
                    if v in ("-u", "--user") and k + 1 < len(argv) and argv[k + 1].value in _ROOT_USERS:
                        k += 2  # -u root: the user it already is
                        continue
                    if v in ("--user=root", "--user=0"):
                        k += 1
                        continue
                    if v not in _HARMLESS_OPTS and not _harmless_cluster(v, _sets_home(doc, ins)):
                        bad = argv[k].text
                        break
                    k += 1
                if bad is not None:
                    yield ctx.finding(self, where, msg, refused=f"sudo option {bad} is not modelled (it may change user or environment)",
                                      instruction=ins)
                    continue
                if k >= len(argv):
                    yield ctx.finding(self, where, msg, refused="sudo without a command", instruction=ins)
                    continue
                if cmd.assignments:
                    yield ctx.finding(self, where, msg, refused="variables assigned before sudo", instruction=ins)
                    continue
                user = user_before(doc, ins)
                if user is False:
                    yield ctx.finding(self, where, msg, refused="USER is set from a variable", instruction=ins)
                    continue
                if user is not None and user.split(":", 1)[0] not in _ROOT_USERS:
                    yield ctx.finding(self, where, msg, refused=f"the build runs as USER {user} here", instruction=ins)
                    continue
                nxt = argv[k]
                gap = doc.text[argv[0].start:nxt.start]
                if "\n" in gap or doc.escape in gap[len(argv[0].text):]:
                    yield ctx.finding(self, where, msg, refused="sudo and its command are on different lines", instruction=ins)
                    continue
                reasons = []
                if user is None:
                    img = root_base(doc, ins.stage) if ins.stage is not None else None
                    if img and _NON_ROOT_IMAGES.search(img):
                        yield ctx.finding(self, where, msg, refused=f"base image {img} runs as a non-root user", instruction=ins)
                        continue
                    if not img or not ROOT_IMAGES.match(img):
                        reasons.append(f"base image {img or '?'} is not known to run as root")
                if nxt.value is None or base(nxt.value) not in _SYSTEM_TOOLS:
                    if nxt.value is None or "=" not in nxt.value:
                        reasons.append("sudo resets PATH and the environment; the command will see the build's")
                    else:
                        reasons.append("sudo resets the environment; the command will see the build's")
                edit = Edit.delete(argv[0].start, nxt.start)
                if reasons:
                    fix = Fix.unsafe(edit, message="remove sudo (" + "; ".join(reasons) + ")")
                else:
                    fix = Fix.safe(edit, message="remove sudo")
                yield ctx.finding(self, where, msg, fix=fix, instruction=ins)
