"""Remove sudo where the build already runs as root (DL3004)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.semantic.images import ROOT_IMAGES
from dockfix.semantic.model import model_of
from dockfix.shell.facts import and_list, state_changes
from dockfix.shell.nodes import commands_in, has_nameless_command, redirects, test_expressions, variable_settings
from dockfix.shell.tools import base
from dockfix.syntax.text import keyword_case, line_indent

_HARMLESS_OPTS = {"-E", "-n", "-S", "--preserve-env", "--non-interactive", "--stdin"}
# commands whose behaviour does not depend on the environment sudo resets
_SYSTEM_TOOLS = {
    "apt-get", "apt", "apt-key", "apt-cache", "aptitude", "dpkg", "dpkg-reconfigure", "add-apt-repository",
    "yum", "dnf", "microdnf", "apk", "zypper", "rpm", "chown", "chmod", "chgrp", "mkdir", "rm", "rmdir", "cp",
    "mv", "ln", "touch", "tee", "sed", "echo", "printf", "cat", "useradd", "groupadd", "usermod", "userdel",
    "groupdel", "gpasswd", "adduser", "addgroup", "deluser", "passwd", "chpasswd", "update-alternatives",
    "update-ca-certificates", "ldconfig", "locale-gen", "update-locale", "localedef", "tar", "unzip",
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
    from dockfix.semantic.variables import env_decls

    if ins.stage is None:
        return False
    for stage in model_of(doc).chain(ins.stage):
        for other in stage.instructions:
            if other is ins:
                break
            if other.cmd == "ENV" and any(k == "HOME" for k, _ in env_decls(other)):
                return True
    return False


def _numeric(doc, ins, user: str) -> str:
    """``user`` as its uid when the file or the base image fixes it (a name in
    USER is hadolint DL3066, and Kubernetes' runAsNonRoot cannot check it)."""
    from dockfix.semantic.roles import uid_of

    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", user) and user not in ("root",):
        uid = uid_of(doc, ins.stage, user)
        if uid:
            return str(uid)
    return user


def user_before(doc, ins):
    """The USER in force at ``ins``: a string, None for "not set in this
    file", or False when it cannot be known (a variable)."""
    found = model_of(doc).last_in_effect(ins, "USER")
    if found is None:
        return None
    user = found.args.strip()
    return False if "$" in user else user


# images known to set a non-root USER, and that user (to restore it after a USER root block)
_IMAGE_USERS = (
    (re.compile(r"(?i)^(?:docker\.io/)?(?:circleci|cimg)/"), "circleci"),
)
# their uids: restored by number (a name in USER is hadolint DL3066)
_IMAGE_UIDS = {"circleci": "3434"}
# commands whose effect does not depend on the user running them (no files written)
_USER_NEUTRAL = {"set", "true", "false", ":", "echo", "printf", "cd", "export", "exit", "nproc", "uname", "arch",
                 "sha256sum", "sha1sum", "sha512sum", "md5sum", "sleep", "test", "[", "[["}
_CURL_STDOUT_OPTS = {"-f", "-s", "-S", "-L", "-k", "-q", "--fail", "--silent", "--show-error", "--location", "--insecure",
                     "--compressed", "--proto", "--tlsv1.2", "-fsSL", "-sSL", "-fSL", "-sL", "-fsL", "-SL", "-fL", "-sSfL",
                     "-Ls", "-LsS", "-sLf", "-fLs", "-sfL", "-Lf", "-fs", "-sS", "-Ss", "-sf"}
# instructions that may sit inside a USER root block: they do not depend on the user
_USER_FREE = {"ENV", "ARG", "LABEL", "EXPOSE", "STOPSIGNAL", "MAINTAINER"}
_REDIRECT_OK = {"/dev/null", "/dev/stdout", "/dev/stderr"}


def _user_neutral(cmd) -> bool:
    name = base(cmd.argv[0].value) if cmd.argv else None
    if name in ("test", "[", "[["):
        return not any(w.value in ("-w", "-r", "-x", "-O", "-G", "-k", "-u", "-g") for w in cmd.argv[1:])
    if name in _USER_NEUTRAL:
        return True
    if name == "curl":  # writes to stdout only
        for w in cmd.argv[1:]:
            v = w.value
            if v is None:
                return False
            if v.startswith("-") and v not in _CURL_STDOUT_OPTS:
                return False
        return True
    return False


def _writes_files(view, node=None) -> bool:
    """A redirect (in ``node``, default the whole script) that creates or
    writes a file (its owner is the user running the shell)."""
    return any(r.writes and r.dest not in _REDIRECT_OK for r in redirects(view, node))


_HOME_REF = re.compile(r"\$\{?(HOME|UID|EUID|USER|LOGNAME)\b|(?:^|[\s=:(])~")


def _reads_user(view) -> str | None:
    """Something in the script whose value depends on the user running it,
    even in a command run through sudo (the shell expands it first): ``~``,
    ``$HOME``, ``$UID``, or a ``[ -w f ]`` / ``[[ -O f ]]`` test (not a simple
    command, so not among ``view.commands()``)."""
    for test in test_expressions(view):
        if any(w in ("-w", "-r", "-x", "-O", "-G", "-k", "-u", "-g") for w in test.split()):
            return f"`{test}` tests permissions"
    m = _HOME_REF.search(view.script)
    if m:
        return f"`{m.group(0).strip()}` expands to the user's home or id"
    return None


# sudo options that take an argument (``-u user``, ``-uuser``, ``--user=user``)
_ARG_OPTS = set("ugCDprtTUch")
_ARG_LONG = {"--user", "--group", "--prompt", "--role", "--type", "--close-from", "--chdir", "--command-timeout",
             "--other-user", "--host", "--login-class"}
_USER_TEXT = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*|\d+|\$\{[A-Za-z_]\w*\}|\$[A-Za-z_]\w*")
# commands that fail unless they run as root: a RUN that uses them without sudo proves the build runs as root
_ROOT_ONLY = {"apt-get": {"install", "update", "upgrade", "dist-upgrade", "remove", "purge", "autoremove"},
              "apt": {"install", "update", "upgrade", "remove", "purge"},
              "apk": {"add", "del", "update", "upgrade"}, "yum": {"install", "update", "remove"},
              "dnf": {"install", "update", "remove"}, "microdnf": {"install", "update", "remove"},
              "zypper": {"install", "in", "refresh", "ref"},
              "useradd": None, "groupadd": None, "usermod": None, "groupmod": None, "adduser": None,
              "addgroup": None, "chsh": None}
def sudo_options(cmd):
    """([(option, value, value word or None)], index of the command word) of a
    ``sudo`` command, or None when its options cannot be read."""
    argv = cmd.argv
    opts = []
    k = 1
    while k < len(argv):
        w = argv[k]
        v = w.value
        if v is None:
            if w.text.startswith("-"):
                return None
            break
        if not v.startswith("-") or v == "-":
            break
        if v == "--":
            k += 1
            break
        if v.startswith("--"):
            name, eq, val = v.partition("=")
            if name in _ARG_LONG and not eq:
                if k + 1 >= len(argv):
                    return None
                opts.append((name, argv[k + 1].value, argv[k + 1]))
                k += 2
                continue
            opts.append((name, val if eq else None, None))
            k += 1
            continue
        for j in range(1, len(v)):
            ch = v[j]
            if ch in _ARG_OPTS:
                rest = v[j + 1:]
                if rest:
                    opts.append(("-" + ch, rest, None))
                else:
                    if k + 1 >= len(argv):
                        return None
                    k += 1
                    opts.append(("-" + ch, argv[k].value, argv[k]))
                break
            opts.append(("-" + ch, None, None))
        k += 1
    return opts, k


def _user_of(opts) -> str | None:
    """The user a sudo runs its command as, as a Dockerfile USER value: a name,
    a uid or one ``$VAR``; ``""`` when it cannot be written; None for root."""
    user = None
    for name, val, word in opts:
        if name not in ("-u", "--user"):
            continue
        if val is not None:
            user = val[1:] if val.startswith("#") and val[1:].isdigit() else val
        elif word is not None:
            text = word.text
            if len(text) > 2 and text[0] == text[-1] == '"':
                text = text[1:-1]
            user = text
        else:
            user = ""
    if user is None or user in _ROOT_USERS:
        return None
    return user if _USER_TEXT.fullmatch(user) else ""


def _target_user(cmd):
    """The user of ``sudo -u user cmd`` (None when sudo runs the command as root)."""
    parsed = sudo_options(cmd)
    if parsed is None:
        return None
    return _user_of(parsed[0])


def user_instruction(doc, ins):
    """The USER instruction in force at ``ins`` (this stage or the stages it
    is built FROM), or None."""
    return model_of(doc).last_in_effect(ins, "USER")


# -- sudo -u <user> on a root build: the steps of RemoveSudo._as_user_fix ---------------------------
_SUDO_U_OK = {"-u", "--user", "-E", "-n", "-H", "--preserve-env", "--non-interactive", "--set-home"}


def _sudo_u_edits(doc, cmds):
    """(the user every ``sudo -u`` names, the edits removing the prefixes), or why not."""
    target = None
    edits = []
    for cmd in cmds:
        parsed = sudo_options(cmd)
        if parsed is None:
            return "sudo options that cannot be read"
        opts, k = parsed
        u = _user_of(opts)
        if not u:
            return "the user of sudo -u cannot be written as a USER value"
        if target is not None and u != target:
            return f"sudo -u {target} and sudo -u {u} in one RUN"
        target = u
        for name, _, _ in opts:
            if name in _SUDO_U_OK:
                continue
            if name in ("-i", "--login", "-s", "--shell"):
                return (f"sudo {name} runs a login or user shell (its HOME as working directory, "
                        "the login environment): USER cannot reproduce it")
            return f"sudo option {name} is not modelled with -u"
        if k >= len(cmd.argv):
            return "sudo without a command"
        if cmd.assignments:
            return "variables assigned before sudo"
        gap = doc.text[cmd.argv[0].start:cmd.argv[k].start]
        if "\n" in gap or doc.escape in gap:
            return "sudo and its command are on different lines"
        edits.append(Edit.delete(cmd.argv[0].start, cmd.argv[k].start))
    return target, edits


def _refuse_as_user(doc, ins, view, target: str, before, home_set: bool) -> str | None:
    if home_set:
        return (f"an ENV sets HOME: sudo -u {target} gives the command {target}'s home, "
                f"USER {target} would keep the ENV value")
    if ins.heredocs:
        return "a RUN with a heredoc is not split or run as another user"
    if before is not None and before not in ("root", "0", "root:root", "0:0"):
        return f"USER {before} is in force here"
    if "$" in target:
        from dockfix.semantic.variables import scope_before, variables_in

        name = variables_in(target)[0]
        if name not in scope_before(doc, ins):
            return f"${name} is not an ARG or ENV with a value before the RUN"
        if any(name in text for text in variable_settings(view)):
            return f"the RUN itself sets ${name}"
    return None


def _plan_as_user(view, cmds, target: str):
    """(the RUN's `&&` parts, for each "U" (runs through sudo -u), "N"
    (user-neutral) or "R" (needs root)), or why not."""
    sudo_ids = {id(c.node) for c in cmds}
    parts = and_list(view) or [view.root]
    kinds = []
    for part in parts:
        inside = commands_in(view, part)
        has_sudo = any(id(c.node) in sudo_ids for c in inside)
        plain = [c for c in inside if id(c.node) not in sudo_ids and c.argv]
        neutral = all(_user_neutral(c) for c in plain) and not _writes_files(view, part)
        if has_sudo and not neutral:
            bad = next((c for c in plain if not _user_neutral(c)), None)
            what = f"`{bad.argv[0].text}` runs without sudo" if bad else "a redirect writes a file"
            return (f"{what} in the same `&&` part as sudo -u {target}: "
                    f"as {target} it could not write where root does, or behave differently")
        kinds.append("U" if has_sudo else ("N" if neutral else "R"))
    return parts, kinds


def _refuse_kinds(ins, parts, kinds: list[str]) -> str | None:
    first_u = kinds.index("U")
    last_u = len(kinds) - 1 - kinds[::-1].index("U")
    if "R" in kinds[first_u:last_u]:
        return "commands that need root run between the sudo -u commands"
    r_before = "R" in kinds[:first_u]
    r_after = "R" in kinds[last_u:]
    if r_before and r_after:
        return "commands that need root run before and after the sudo -u commands"
    if (r_before or r_after) and (ins.flags or len(parts) < 2):
        return "the RUN would have to be split and it has flags (--mount, ...)" if ins.flags else \
            "commands that need root run in the same statement as sudo -u"
    return None


def _above_comments(doc, ins) -> int:
    """After the blank lines above the RUN, before its comments."""
    at = ins.leading_start
    while True:
        eol = doc.text.find("\n", at, ins.start)
        if eol < 0 or doc.text[at:eol].strip():
            return at
        at = eol + 1


class RemoveSudo(Transform):
    name = "remove-sudo"
    code = "DF115"
    summary = "Remove sudo from RUN commands (after a non-root USER: the RUN runs as root, the user is restored)"
    hadolint = ("DL3004",)
    links = ("https://github.com/hadolint/hadolint/wiki/DL3004",)
    # chosen before other fixes it overlaps (RUN merges): a RUN with sudo merged into RUNs without it
    # could no longer be run as root alone
    order = -1
    explanation = """
What: a `sudo ` prefix (alone, or with -E/-n) in a RUN command is removed
when the build runs as root at that point (after a non-root USER: see the
USER root block below): the last USER before it (in the
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
fix is unsafe: without sudo they see the build's full environment. Refused
when the base image is not known to run as root and no step of the stage
proves root (a root-only command run without sudo): the file's sudo then
suggests the base runs as another user (ocaml/opam runs as opam). Never applied
in ONBUILD triggers (the user is only known later), with sudo options that
change the user or environment (-u other, -i, -s, -H after an ENV HOME,
...), or when `sudo` is an argument (a package named sudo is not touched).

After a non-root USER (or in an image known to run as one, such as the
circleci/* and cimg/* images, user circleci, uid 3434), sudo is what gives the RUN
root. When EVERY command of the RUN that matters runs through sudo, sudo is
removed and the RUN runs as root instead:
- when that USER line comes right before the RUN (only ENV, ARG, LABEL,
  EXPOSE between) and the build is root above it, the USER line (with its
  comments) moves after the RUN;
- otherwise `USER 0` (root; numeric, so it resolves without /etc/passwd and
  hadolint's DL3066 stays quiet) is written before the RUN and the previous
  USER, exactly as written (`USER app:app`, `USER ${APP_USER}` when no
  ARG/ENV changes that variable in between), after it.
Either way the final USER of the image is unchanged (no DL3002). Consecutive
such RUNs, with only ENV, ARG, LABEL or EXPOSE between them, share one block.
Example:
    WORKDIR /home/app
    USER app
    RUN sudo apt-get update && sudo apt-get install -y git
becomes
    WORKDIR /home/app
    RUN apt-get update && apt-get install -y git
    USER app
This is UNSAFE: running as root keeps the ENV variables and PATH that plain sudo
would reset (and sets HOME to /root), so a tool that reads them (gem with
GEM_HOME, pip, npm) may install elsewhere. Refused when a command without
sudo could behave differently as root (`mkdir`, `make`, scripts: they would
create root-owned files; only echo/printf/set/cd/test/nproc/sha256sum and
curl writing to stdout are treated as user-neutral), when a redirect writes
a file (the shell opens it as the user), with `sudo -u other`, `-i`, `-s`,
`-S` (password on stdin), for RUNs with heredocs, and when the previous
user cannot be written back exactly (a base image whose user the file does
not name, such as jupyter or bitnami images).

`sudo -u USER cmd` on a root build: the commands that sudo runs as another
user run under `USER <user as written>` instead (`USER ${USERNAME}` when an
ARG or ENV gives it a value the RUN does not change), and `USER 0` brings
root back after them where a later instruction of the stage depends on the
user (RUN, COPY, ADD, WORKDIR, CMD, ... before another USER) or the stage
ends and is the image or the base of another stage (a stage only copied
from ends as that user: built alone with --target it would run as it). Every sudo of the RUN
must be `sudo -u` with the same user (with -E, -H or -n at most), and its
other commands must be user-neutral (echo, set, test, ...), except when the
RUN is one `&&` chain whose root-only commands all come before or all come
after the sudo -u commands: the RUN is then split at that `&&` into two
RUNs with the USER line between (comments between move above the new RUN;
an `export X=...` or `set -e` before the split is repeated in the second
RUN; a `cd`, a variable or another shell state change is refused). A
`USER 0` that would be the last USER of its stage is refused: hadolint
reports it as DL3002 (the non-root-user transform often adds a USER for the
image first; the fix then applies in the next round). Example:
    FROM ubuntu:22.04
    RUN sudo -u app git clone https://example.com/src.git /home/app/src
    RUN make -C /home/app/src install
    USER 1001
becomes
    FROM ubuntu:22.04
    USER app
    RUN git clone https://example.com/src.git /home/app/src
    USER 0
    RUN make -C /home/app/src install
    USER 1001
This is UNSAFE too: sudo resets the environment (PATH becomes secure_path,
most variables are dropped) and sets HOME, USER and LOGNAME for the target,
with its supplementary groups; under USER the command keeps the build's ENV
and PATH, gets HOME from /etc/passwd only when no ENV sets HOME (refused
when one does), and BuildKit may give it no supplementary groups. A USER
name also draws hadolint's DL3066 (info). Refused with `sudo -i`/`-s`
(a login or user shell: its home as working directory, profile scripts),
`-g` and other options, two different users, `sudo -u` beside sudo to root,
root commands on both sides of the sudo -u part or in its `&&` part, a
redirect that writes a file, a RUN with flags that would need splitting,
and a base image not known to run as root (unless a RUN of the stage runs
apt-get install, useradd, ... without sudo before any USER).
"""

    def _sudo_parts(self, doc, ins, cmd, home_set, for_wrap=False):
        """(edit, needs_env_reason) to remove this sudo prefix, or (None, refusal)."""
        argv = cmd.argv
        k = 1
        while k < len(argv):
            v = argv[k].value
            if v is None and argv[k].text.startswith("-"):
                return None, f"sudo option {argv[k].text} is not modelled"
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
            reads_stdin = v == "--stdin" or (not v.startswith("--") and "S" in v[1:])
            if for_wrap and reads_stdin:
                return None, f"sudo option {argv[k].text} reads a password from stdin"
            if v not in _HARMLESS_OPTS and not _harmless_cluster(v, home_set):
                return None, f"sudo option {argv[k].text} is not modelled (it may change user or environment)"
            k += 1
        if k >= len(argv):
            return None, "sudo without a command"
        if cmd.assignments:
            return None, "variables assigned before sudo"
        nxt = argv[k]
        gap = doc.text[argv[0].start:nxt.start]
        if "\n" in gap or doc.escape in gap[len(argv[0].text):]:
            return None, "sudo and its command are on different lines"
        env = None
        if nxt.value is None or base(nxt.value) not in _SYSTEM_TOOLS:
            if nxt.value is None or "=" not in nxt.value:
                env = "sudo resets PATH and the environment; the command will see the build's"
            else:
                env = "sudo resets the environment; the command will see the build's"
        return Edit.delete(argv[0].start, nxt.start), env

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        msg = "sudo in a Dockerfile RUN: the build can run as root itself"
        wrap_runs = []  # (ins, view, sudo commands, user text)
        for ins, view in ctx.model.run_views():
            sudo_cmds = [c for c in view.commands() if c.argv and base(c.argv[0].value) == "sudo"]
            if not sudo_cmds:
                continue
            if ins.sub is not None:
                for cmd in sudo_cmds:
                    yield ctx.finding(self, (cmd.start, cmd.end), msg,
                                      refused="ONBUILD trigger: the user is only known in the child image", instruction=ins)
                continue
            user = user_before(doc, ins)
            nonroot = None  # the non-root user in force, as it must be written back
            if user is False or (user is not None and user.split(":", 1)[0] not in _ROOT_USERS):
                nonroot = user_instruction(doc, ins)
            elif user is None:
                img = model_of(doc).base_image(ins.stage) if ins.stage is not None else None
                if img and _NON_ROOT_IMAGES.search(img):
                    nonroot = next((u for pat, u in _IMAGE_USERS if pat.search(img)), "") or ("", img)
            if nonroot is not None:
                wrap_runs.append((ins, view, sudo_cmds, nonroot))
                continue
            if user is None and not self._base_runs_as_root(doc, ins, view, sudo_cmds):
                img = model_of(doc).base_image(ins.stage) if ins.stage is not None else None
                for cmd in sudo_cmds:
                    yield ctx.finding(self, (cmd.start, cmd.end), msg, instruction=ins, refused=(
                        f"base image {img or '?'} is not known to run as root and no step of the stage proves "
                        "it: the file's sudo suggests its user is another one (add `USER root` before the RUN "
                        "if the build is meant to run as root)"))
                continue
            home_set = _sets_home(doc, ins)
            as_user = [c for c in sudo_cmds if _target_user(c) is not None]
            if as_user:
                if len(as_user) == len(sudo_cmds):
                    yield from self._as_user(ctx, ins, view, sudo_cmds, user, home_set, msg)
                    continue
                for cmd in as_user:
                    yield ctx.finding(self, (cmd.start, cmd.end), msg, instruction=ins,
                                      refused="sudo -u another user and sudo to root in one RUN")
                sudo_cmds = [c for c in sudo_cmds if c not in as_user]
            for cmd in sudo_cmds:
                where = (cmd.start, cmd.end)
                edit, why = self._sudo_parts(doc, ins, cmd, home_set)
                if edit is None:
                    yield ctx.finding(self, where, msg, refused=why, instruction=ins)
                    continue
                reasons = [why] if why else []
                if reasons:
                    fix = Fix.unsafe(edit, message="remove sudo (" + "; ".join(reasons) + ")")
                else:
                    fix = Fix.safe(edit, message="remove sudo")
                yield ctx.finding(self, where, msg, fix=fix, instruction=ins)
        yield from self._wrap(ctx, wrap_runs, msg)

    # -- sudo -u <user> on a root build ------------------------------------------------------------
    def _as_user(self, ctx, ins, view, cmds, user, home_set, msg):
        """Every ``sudo -u U`` of a RUN on a root build, with the same U: the
        sudo part of the RUN runs under ``USER U`` instead (the RUN is split at
        an ``&&`` when its other commands need root) and root is restored
        after it with ``USER 0`` where a later instruction needs it."""
        fix, why = self._as_user_fix(ctx.doc, ins, view, cmds, user, home_set)
        for cmd in cmds:
            if fix is None:
                yield ctx.finding(self, (cmd.start, cmd.end), msg, instruction=ins, refused=why)
            else:
                yield ctx.finding(self, (cmd.start, cmd.end), msg, instruction=ins, fix=fix)

    def _as_user_fix(self, doc, ins, view, cmds, before, home_set):
        """detect (the user and the sudo prefixes) -> refuse -> plan (which
        `&&` parts run as the user) -> render (USER lines, split, restore)."""
        got = _sudo_u_edits(doc, cmds)
        if isinstance(got, str):
            return None, got
        target, edits = got
        why = _refuse_as_user(doc, ins, view, target, before, home_set)
        if why:
            return None, why
        planned = _plan_as_user(view, cmds, target)
        if isinstance(planned, str):
            return None, planned
        parts, kinds = planned
        why = _refuse_kinds(ins, parts, kinds)
        if why:
            return None, why
        if before is None:
            img = model_of(doc).base_image(ins.stage) if ins.stage is not None else None
            if not (img and ROOT_IMAGES.match(img)) and not self._root_proven(doc, ins, view, cmds):
                return None, (f"base image {img or '?'} is not known to run as root: USER 0 written "
                              "after the RUN could change the user of later instructions")
        return self._as_user_render(doc, ins, view, target, edits, parts, kinds)

    def _as_user_render(self, doc, ins, view, target, edits, parts, kinds):
        """The USER lines around (or inside, at an `&&`) the RUN, as a Fix; or (None, why)."""
        nl = doc.newline
        indent = line_indent(doc.text, ins.start)
        run_kw = keyword_case("RUN", ins)
        user_kw = keyword_case("USER", ins)
        first_u = kinds.index("U")
        last_u = len(kinds) - 1 - kinds[::-1].index("U")
        r_before, r_after = "R" in kinds[:first_u], "R" in kinds[last_u:]
        split = r_before or r_after
        needs_root_user = False
        rejoin = None if split and not r_after else self._rejoin(doc, ins, target)
        target = _numeric(doc, ins, target)
        if rejoin is not None:
            # `USER U`, RUN, `USER 0` (written back by this fix on an earlier RUN), this RUN: drop that USER 0
            edits.append(Edit.delete(rejoin.start, rejoin.end))
        elif not split or r_after:
            edits.append(Edit.insert(_above_comments(doc, ins), f"{indent}{user_kw} {target}{nl}"))
        if split:
            if r_after:  # USER U, RUN sudo part, USER 0, RUN the rest
                cut = max(i for i, kd in enumerate(kinds) if kd == "U" or (kd == "N" and i < kinds.index("R")))
                edit, why = self._split(doc, view, parts, cut, f"{user_kw} 0", run_kw)
                needs_root_user = True
            else:  # RUN root part, USER U, RUN sudo part
                edit, why = self._split(doc, view, parts, first_u - 1, f"{user_kw} {target}", run_kw)
            if edit is None:
                return None, why
            edits.append(edit)
        if (not split or not r_after) and self._restore_needed(doc, ins):
            tail = f"{indent}{user_kw} 0"
            tail = tail + nl if doc.text[ins.end - 1:ins.end] == "\n" else nl + tail
            edits.append(Edit.insert(ins.end, tail))
            needs_root_user = True
        if needs_root_user and not self._later_user(doc, ins):
            return None, ("USER 0 (root) written after the sudo -u part would be the last USER of the stage "
                          "(hadolint DL3002): add a USER for the image first")
        reasons = ["sudo resets the environment, under USER the command sees the build's ENV and PATH"]
        message = f"run as USER {target} instead of sudo -u" + (" (RUN split at &&)" if split else "")
        return Fix.unsafe(*edits, message=message + " (" + "; ".join(reasons) + ")"), None

    @staticmethod
    def _changes_state(view, part) -> bool:
        """The ``&&`` part changes the shell's state (cd, export, set, a variable, a
        function, any builtin of the shared table) or runs a command whose name
        is not a literal."""
        if state_changes(view, part):
            return True
        return has_nameless_command(view, part)

    def _split(self, doc, view, parts, cut, user_line, run_kw):
        """Edit that ends the RUN after ``parts[cut]`` and starts ``user_line``
        and a new RUN with ``parts[cut + 1:]``; comment lines between move above
        the new RUN."""
        head, rest = parts[:cut + 1], parts[cut + 1:]
        carried = []
        for p in head:
            if not self._changes_state(view, p):
                continue
            # the second RUN needs the state the first one set: repeat `export X=...` / `set -e`
            text = view.span_text(p)
            if not view.is_contiguous(p) or not re.fullmatch(
                    r"export [A-Za-z_]\w*=[\w./:-]*|set [-+][A-Za-z]+(?: -o \w+)?", text):
                return None, f"`{text.splitlines()[0]}` changes the shell state the rest of the RUN uses"
            carried.append(text)
        a = view.file_span(head[-1])[1]
        b = view.file_span(rest[0])[0]
        gap = doc.text[a:b]
        comments = []
        for i, line in enumerate(gap.split("\n")):
            stripped = line.strip().rstrip("\r")
            if stripped.startswith("#") and i > 0:
                comments.append(line.rstrip("\r"))
                continue
            left = stripped.replace(doc.escape, "").replace("&&", "", 1 if "&&" in stripped else 0).strip()
            if left:
                return None, "the RUN cannot be split at this `&&`"
        if gap.count("&&") != 1:
            return None, "the RUN cannot be split at this `&&`"
        nl = doc.newline
        indent = line_indent(doc.text, view.ins.start)
        text = nl + indent + user_line + nl + "".join(c + nl for c in comments) + indent + run_kw + " "
        text += "".join(c + " && " for c in carried)
        return Edit(a, b, text), None

    @classmethod
    def _base_runs_as_root(cls, doc, ins, view, cmds) -> bool:
        """No USER set before ``ins``: the base image is known to run as root, or a step of the
        stage that only root can run proves it."""
        img = model_of(doc).base_image(ins.stage) if ins.stage is not None else None
        return bool(img and ROOT_IMAGES.match(img)) or cls._root_proven(doc, ins, view, cmds)

    @staticmethod
    def _root_proven(doc, ins, view, cmds) -> bool:
        """A command that only root can run (apt-get install, useradd, ...) runs
        without sudo in this RUN or another RUN of the stage before its first USER
        (the image's own user, as at ``ins``, is then root)."""
        def proves(c) -> bool:
            name = base(c.argv[0].value) if c.argv else None
            if name not in _ROOT_ONLY:
                return False
            subs = _ROOT_ONLY[name]
            return subs is None or any(w.value in subs for w in c.argv[1:])

        sudo_ids = {id(c.node) for c in cmds}
        if any(proves(c) for c in view.commands() if id(c.node) not in sudo_ids):
            return True
        if ins.stage is None:
            return False
        for other in ins.stage.instructions:
            if other.cmd == "USER":
                return False
            if other is ins or other.cmd != "RUN" or other.sub is not None:
                continue
            v = model_of(doc).shell_view(other)
            if v is None or v.has_error:
                continue
            if any(proves(c) for c in v.commands()):
                return True
        return False

    def _rejoin(self, doc, ins, target):
        """The ``USER 0`` line right before ``ins`` (only ENV, ARG, LABEL, ...
        between) when the user before that line is ``target`` already and no
        ARG or ENV sits between them: deleting it runs ``ins`` as ``target``."""
        uins = user_instruction(doc, ins)
        if uins is None or uins.stage is not ins.stage or uins.sub is not None or uins.comments:
            return None
        if uins.args.strip() not in ("0", "root", "0:0", "root:root") or not self._adjacent(doc, uins, ins):
            return None
        prev = user_instruction(doc, uins)
        if prev is None or prev.stage is not ins.stage or prev.args.strip() not in (target, _numeric(doc, ins, target)):
            return None
        stage = ins.stage.instructions
        if any(x.cmd in ("ARG", "ENV") for x in stage[stage.index(prev) + 1:stage.index(ins)]):
            return None
        return uins

    @staticmethod
    def _later_user(doc, ins) -> bool:
        stage = ins.stage.instructions
        return any(x.cmd == "USER" for x in stage[stage.index(ins) + 1:])

    @staticmethod
    def _restore_needed(doc, ins) -> bool:
        """Root must come back after ``ins``: a later instruction of the stage
        depends on the user before another USER, or the stage ends and is the
        image (or the base of another stage)."""
        stage = ins.stage
        later = stage.instructions[stage.instructions.index(ins) + 1:]
        for x in later:
            if x.cmd == "USER":
                return False
            if x.cmd not in _USER_FREE:
                return True
        if stage is doc.stages[-1]:
            return True
        return bool(model_of(doc).built_on(stage))

    def _wrap(self, ctx, runs, msg):
        """RUNs after a non-root USER whose every command that matters runs
        through sudo: ``USER root`` before, ``USER <the user>`` after, sudo
        removed (UNSAFE: USER root keeps the ENV variables sudo resets)."""
        doc = ctx.doc
        # each RUN: a list of edits, or a refusal
        plans = []
        for ins, view, cmds, user in runs:
            why = None
            edits = []
            if isinstance(user, tuple):
                why = f"base image {user[1]} runs as a non-root user this file does not name"
            elif isinstance(user, str) and user in _IMAGE_UIDS:
                user = _IMAGE_UIDS[user]
            elif not isinstance(user, str):
                restored = self._restore_text(doc, user, ins)
                if restored is None:
                    why = "the USER in force here cannot be written back exactly"
                else:
                    user = _numeric(doc, ins, restored)
            if why is None and ins.heredocs:
                why = f"the build runs as USER {user} here and a RUN with a heredoc is not run as root instead"
            if why is None:
                home_set = _sets_home(doc, ins)
                for cmd in cmds:
                    edit, r = self._sudo_parts(doc, ins, cmd, home_set, for_wrap=True)
                    if edit is None:
                        why = f"the build runs as USER {user} here and {r}"
                        break
                    edits.append(edit)
            if why is None:
                sudo_ids = {id(c.node) for c in cmds}
                others = [c for c in view.commands() if id(c.node) not in sudo_ids and c.argv]
                bad = next((c for c in others if not _user_neutral(c)), None)
                if bad is not None:
                    name = bad.argv[0].text
                    why = (f"the build runs as USER {user} here and `{name}` runs without sudo: "
                           "as root it could create root-owned files or behave differently")
                elif _writes_files(view):
                    why = (f"the build runs as USER {user} here and a redirect writes a file: "
                           "as root it would be root-owned")
                else:
                    dep = _reads_user(view)
                    if dep:
                        why = f"the build runs as USER {user} here and {dep}: as root it means something else"
            plans.append((ins, cmds, user, edits, why))
        # group RUNs that follow each other (with only ENV/ARG/LABEL/... between) under one USER root
        groups = []
        for plan in plans:
            ins, cmds, user, edits, why = plan
            if why is None and groups and groups[-1][-1][4] is None and groups[-1][-1][2] == user \
                    and self._adjacent(doc, groups[-1][-1][0], ins):
                groups[-1].append(plan)
            else:
                groups.append([plan])
        for group in groups:
            first, last = group[0][0], group[-1][0]
            user = group[0][2]
            if group[0][4] is None:
                if "$" in user and not self._vars_stable(doc, user, last):
                    for ins, cmds, _, _, _ in group:
                        for cmd in cmds:
                            yield ctx.finding(self, (cmd.start, cmd.end), msg, instruction=ins,
                                              refused=f"USER {user} uses variables that change before the RUN")
                    continue
                nl = doc.newline
                n = sum(len(p[1]) for p in group)
                uins = user_instruction(doc, first)
                if uins is not None and self._movable(doc, uins, first):
                    # the USER line comes right before (only ENV/ARG/... between) and the build is root
                    # above it: move it (with its comments) after the RUNs instead of adding two USER lines
                    moved = doc.text[uins.leading_start:uins.end]
                    if doc.text[last.end - 1:last.end] != "\n":
                        moved = nl + moved.rstrip("\r\n")
                    edits = [Edit.delete(uins.leading_start, uins.end), Edit.insert(last.end, moved)]
                    message = f"move USER {user} after the RUN, {n} sudo removed"
                else:
                    before = line_indent(doc.text, first.start) + keyword_case("USER", first) + " 0" + nl
                    after = line_indent(doc.text, last.start) + keyword_case("USER", last) + " " + user
                    after = (nl + after) if doc.text[last.end - 1:last.end] != "\n" else after + nl
                    edits = [Edit.insert(first.leading_start, before), Edit.insert(last.end, after)]
                    message = f"run as USER 0 (root) and restore USER {user} after, {n} sudo removed"
                for plan in group:
                    edits.extend(plan[3])
                fix = Fix.unsafe(*edits, message=message + " (as root the RUN keeps the ENV variables and PATH "
                                 "that sudo would reset)")
                for ins, cmds, _, _, _ in group:
                    for cmd in cmds:
                        yield ctx.finding(self, (cmd.start, cmd.end), msg, fix=fix, instruction=ins)
            else:
                for ins, cmds, _, _, why in group:
                    for cmd in cmds:
                        yield ctx.finding(self, (cmd.start, cmd.end), msg, refused=why, instruction=ins)

    def _movable(self, doc, uins, first) -> bool:
        """``uins`` (the USER in force at RUN ``first``) sits just before it in the
        same stage, and the build runs as root just above it."""
        if uins.stage is not first.stage or uins.sub is not None or not self._adjacent(doc, uins, first):
            return False
        prev = user_before(doc, uins)
        if prev is None:
            img = model_of(doc).base_image(uins.stage) if uins.stage is not None else None
            return bool(img and ROOT_IMAGES.match(img) and not _NON_ROOT_IMAGES.search(img))
        return prev in ("root", "0", "root:root", "0:0")

    @staticmethod
    def _adjacent(doc, a, b) -> bool:
        """Only user-independent instructions between RUN ``a`` and RUN ``b`` of one stage."""
        if a.stage is not b.stage:
            return False
        ins_list = b.stage.instructions
        try:
            i, j = ins_list.index(a), ins_list.index(b)
        except ValueError:
            return False
        return all(x.cmd in _USER_FREE for x in ins_list[i + 1:j])

    @staticmethod
    def _restore_text(doc, uins, ins):
        """The USER value written back after the block: as written, if it is on one line."""
        text = doc.text[uins.args_start:uins.args_end].strip()
        if not text or "\n" in text or "\r" in text:
            return None
        return text

    @staticmethod
    def _vars_stable(doc, user, last) -> bool:
        """``USER $X`` restored after ``last`` means the same as where it was set:
        the USER is in the same stage and no ARG/ENV in between sets its variables."""
        from dockfix.semantic.variables import arg_decls, env_decls, variables_in

        names = set(variables_in(user))
        uins = user_instruction(doc, last)
        if uins is None or uins.stage is not last.stage:
            return False
        stage = last.stage.instructions
        i, j = stage.index(uins), stage.index(last)
        for x in stage[i + 1:j]:
            if x.cmd == "ARG" and names & {k for k, _ in arg_decls(x)}:
                return False
            if x.cmd == "ENV" and names & {k for k, _ in env_decls(x)}:
                return False
        return True
