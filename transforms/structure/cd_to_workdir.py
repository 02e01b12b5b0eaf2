"""``RUN cd dir && rest`` -> ``WORKDIR dir`` + ``RUN rest`` (DL3003)."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from dockfix.fixing.config import option_bool
from dockfix.fixing.context import Context
from dockfix.fixing.edit import UNSAFE, Edit, Finding, Fix
from dockfix.fixing.registry import Option, Transform
from dockfix.semantic.model import absdir as _absdir
from dockfix.semantic.model import dir_value as _dir_value
from dockfix.semantic.model import model_of
from dockfix.semantic.variables import expand, resolve_image, variables_in
from dockfix.shell.facts import changes_state, flatten, part_span, starts_service, state_changes
from dockfix.shell.nodes import (
    command_parts,
    commands_in,
    has_own_scope,
    is_assignment,
    is_command,
    is_negated,
    redirect_is_free,
    redirects,
)
from dockfix.shell.view import set_turns_on_errexit
from dockfix.syntax.mounts import mounts
from dockfix.syntax.text import keyword_case

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.shell.view import SimpleCommand

_CD_WORD = re.compile(r"(?<![\w.-])cd(?![\w.-])")
_SAFE_DIR = re.compile(r"^[A-Za-z0-9_@%+=:,./\-]+$")
# instructions whose meaning does not depend on the working directory
_CWD_FREE = {"ENV", "ARG", "LABEL", "EXPOSE", "USER", "STOPSIGNAL", "SHELL", "MAINTAINER"}


def _literal_dir(ins, env: Mapping[str, str] | None = None) -> str | None:
    return _dir_value(ins.args, env or {})


def _walk(doc, stage, stop=None) -> tuple[str | None, Mapping[str, str], frozenset[str]]:
    """(working directory, fixed ENV values, directories known to exist)
    before ``stop`` (the end of ``stage`` when None), from the model (read-only)."""
    model = model_of(doc)
    state = model.workdir_state(stop) if stop is not None and stop.stage is stage else None
    if state is None:
        state = model.workdir_end_state(stage)
    return state.cwd, state.env, state.made


def workdir_after(doc, stage, stop=None) -> str | None:
    """The working directory after ``stage``'s instructions before ``stop`` (None: unknown)."""
    return _walk(doc, stage, stop)[0]


def _cwd_free_instruction(doc, ins) -> bool:
    """COPY/ADD to an absolute destination, or a RUN whose commands do not
    depend on the working directory."""
    if ins.cmd in ("COPY", "ADD"):
        vals = ins.json_values if ins.json else [w.value for w in ins.plain_words()]
        return bool(vals) and len(vals) >= 2 and vals[-1].startswith("/") and "$" not in vals[-1]
    if ins.cmd == "VOLUME":
        vals = ins.json_values if ins.json else [w.value for w in ins.plain_words()]
        return bool(vals) and all(v.startswith("/") and "$" not in v for v in vals)
    if ins.cmd == "RUN" and not ins.json and not ins.heredocs and ins.sub is None:
        if not _mount_targets_absolute(ins):
            return False
        view = model_of(doc).shell_view(ins)
        if view is None or view.has_error:
            return False
        parts, _, tail_dep, _ = _flatten(view)
        return bool(parts) and not tail_dep and all(_part_cwd_free(view, p) for p in parts)
    return False


def _restore_needed(doc, ins) -> bool:
    st = ins.stage
    after = st.instructions[st.instructions.index(ins) + 1:]
    for nxt in after:
        if nxt.cmd == "WORKDIR":
            d = _literal_dir(nxt, _walk(doc, st, nxt)[1])
            if d is not None and d.startswith("/"):
                return False
            return True
        if nxt.cmd in _CWD_FREE or _cwd_free_instruction(doc, nxt):
            continue
        return True
    # end of the stage: its working directory matters if it is the final
    # image or another stage is built FROM it
    if st is doc.stages[-1]:
        return True
    if model_of(doc).built_on(st):
        return True  # `FROM base`, `FROM ${BASE}` with ARG BASE=base
    for other in doc.stages[st.index + 1:]:
        if not other.image:
            continue
        if doc.stage_named(other.image) is st:
            return True
        if "$" in other.image and not resolve_image(doc, other):
            return True  # a build argument without a default may name this stage
    return False


def _next_workdir(doc, ins):
    """The first WORKDIR after ``ins`` in its stage that only instructions
    independent of the working directory precede, with those instructions;
    None when one that depends on it (or the stage's end) comes first."""
    st = ins.stage
    between = []
    for nxt in st.instructions[st.instructions.index(ins) + 1:]:
        if nxt.cmd == "WORKDIR":
            return nxt, between
        if nxt.cmd in _CWD_FREE or _cwd_free_instruction(doc, nxt):
            between.append(nxt)
            continue
        return None
    return None


def _mount_targets_absolute(ins) -> bool:
    for f in ins.flags_named("mount"):
        for part in (f.value or "").split(","):
            k, _, v = part.partition("=")
            if k.strip().lower() in ("target", "dst", "destination") and not v.strip().strip("\"'").startswith("/"):
                return False
    return True


# ---------------------------------------------------------------- cwd analysis
# Whether a command's effect depends on the current directory.  Used to move a
# WORKDIR before commands that come before a `cd` (they must not care where
# they run) and to drop a `cd` whose following commands do not care either.
# A whitelist: an unknown command may read or write relative paths.

_PKG = {"apt-get", "apt", "aptitude", "apk", "yum", "dnf", "microdnf", "zypper", "tdnf"}
_PKG_PATHY_EXT = (".deb", ".rpm", ".apk", ".whl", ".gz", ".tgz", ".zip", ".txt", ".gem", ".toml", ".cfg", ".lock", ".json")
_PIP_PATH_OPTS = {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-t", "--target", "--prefix",
                  "--root", "--src", "-f", "--find-links", "--cache-dir", "--log", "-d", "--dest", "--download",
                  "--build", "-b"}
# every non-option argument must be an absolute path
_FILE_CMDS = {"mkdir", "rm", "rmdir", "touch", "ln", "cp", "mv", "install", "tee", "cat", "ls", "test", "[",
              "stat", "readlink", "ldconfig", "update-alternatives", "chmod", "chown", "chgrp", "sed"}
# arguments are names, modes or text, never files read or written relative to the directory
_NAME_CMDS = {"true", ":", "echo", "printf", "useradd", "groupadd", "adduser", "addgroup", "usermod", "groupmod",
              "userdel", "groupdel", "update-ca-certificates", "locale-gen", "update-locale", "localedef",
              "dpkg-reconfigure", "id", "uname", "nproc", "lsb_release", "arch", "getconf", "sleep", "date",
              "systemctl", "rc-update", "apt-key", "whoami", "command", "which", "hash", "corepack",
              "ssh-keyscan", "sysctl", "chpasswd", "passwd", "apt-mark", "gpgconf", "pecl",
              "docker-php-ext-install", "docker-php-ext-enable", "docker-php-ext-configure", "docker-php-source",
              "dpkg-architecture", "dpkg-buildflags"}
_FILEY_EXT = _PKG_PATHY_EXT + (".gpg", ".asc", ".key", ".pub", ".pem", ".crt", ".tar", ".xml", ".conf", ".sh")
_DEP_VARS = re.compile(r"\$\{?(PWD|OLDPWD)\b")


_SIMPLE_VARS = re.compile(r"(?:[^$`\\'\"]|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\})*")


def _word_paths(args: list, env: dict[str, str] | None) -> list[str] | None:
    """``_word_path`` of every word, or None when one of them is unknown."""
    out = []
    for w in args:
        v = _word_path(w, env)
        if v is None:
            return None
        out.append(v)
    return out


def _word_path(w, env=None) -> str | None:
    """The word without quotes when it has no expansion (globs kept), or with
    variables of ``env`` (ENV values the script does not change) substituted;
    a leading ``~`` counts as ``/`` (HOME is absolute).  Else None."""
    t = w.text
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "'\"":
        if t[0] == "'":
            return t[1:-1]
        t = t[1:-1]
    if "`" in t:
        return None
    if "$" in t:
        if not env or not _SIMPLE_VARS.fullmatch(t):
            return None
        names = variables_in(t)
        if any(n not in env for n in names):
            return None
        t = expand(t, env)
        if t is None:
            return None
    if t.startswith("~") and (len(t) == 1 or t[1] == "/"):
        t = "/" + t[1:].lstrip("/")
    return t.replace("\\", "")


def _abs_or_url(v: str | None) -> bool:
    return v is not None and (v.startswith("/") or "://" in v or v == "-")


def _free_name_cmd(name: str, args: list, env: dict[str, str] | None) -> bool:
    """Commands whose arguments are names, modes or text (but `apt-key add
    key.gpg`, `pecl install x.tgz` read a file of the directory)."""
    for w in args:
        v = _word_path(w, env)
        if v is not None and name not in ("echo", "printf") and not v.startswith(("/", "-")) and "://" not in v:
            # `apt-key add key.gpg`, `pecl install x.tgz` read a file of the directory
            if "/" in v or v.endswith(_FILEY_EXT):
                return False
    return True


def _free_system_pm(name: str, args: list, env: dict[str, str] | None) -> bool:
    """Apt-get/apk/yum/... and dpkg: package names, absolute paths and URLs."""
    if any(w.value in ("source", "download", "fetch") for w in args):
        return False  # `apt-get download x` writes into the directory
    for w in args:
        v = _word_path(w, env)
        if v is None:
            if name == "dpkg":
                return False
            continue  # a package list in a variable
        if v.startswith("-"):
            if "=" in v and not _abs_or_url(v.split("=", 1)[1]) and (
                    "/" in v or "dir" in v.split("=", 1)[0].lower()):
                return False  # `--downloaddir=pkgs`
            continue
        if v == "." or ("/" in v and not _abs_or_url(v)) or v.endswith(_PKG_PATHY_EXT):
            return False
    return True


def _free_lang_pm(name: str, args: list, env: dict[str, str] | None) -> bool:
    """Pip/gem/npm/yarn/pnpm: global installs of named packages, path options absolute."""
    vals = [_word_path(w, env) for w in args]
    sub = next((v for v in vals if v is None or not v.startswith("-")), None)
    if name in ("pip", "pip3") and sub not in ("install", "uninstall", "config", "list", "show", "freeze", "check"):
        return False
    if name == "gem" and sub not in ("install", "update", "uninstall", "sources", "list"):
        return False
    if name in ("npm", "pnpm") and not ({"-g", "--global"} & set(vals)) and not (vals and vals[0] in ("config", "set")):
        return False
    if name == "yarn" and not (vals and vals[0] in ("global", "config")):
        return False
    prev = None
    for v in vals:
        if v is None:
            return False
        if prev in _PIP_PATH_OPTS and not _abs_or_url(v):
            return False
        if v.startswith("-"):
            k, eq, val = v.partition("=")
            if eq and k in _PIP_PATH_OPTS and not _abs_or_url(val):
                return False
        elif v == "." or ("/" in v and not _abs_or_url(v)) or v.endswith(_PKG_PATHY_EXT):
            return False
        prev = v
    return True


def _free_file_cmd(name: str, args: list, env: dict[str, str] | None) -> bool:
    """File commands: every path argument absolute."""
    rest = list(args)
    if name in ("chmod", "chown", "chgrp"):
        rest = [w for w in rest if not (w.text.startswith("-"))][1:]
    elif name == "sed":
        has_e = any(w.text in ("-e", "-f") or w.text.startswith(("--expression", "--file")) for w in rest)
        nonopt = [w for w in rest if not w.text.startswith("-")]
        rest = nonopt if has_e else nonopt[1:]
    paths = 0
    for w in rest:
        v = _word_path(w, env)
        if v is None:
            return False
        if not (v.startswith("-") or v.startswith("/")):
            return False
        paths += not v.startswith("-")
    # `ls`, `stat`, `test` ... without a path look at the current directory
    return paths > 0 or name in ("tee", "cat", "ldconfig")


def _free_curl(name: str, args: list, env: dict[str, str] | None) -> bool:
    """Curl: output, upload and config files absolute (or stdout)."""
    prev = None
    for w in args:
        v = _word_path(w, env)
        if v is None:
            if prev in ("-o", "--output"):
                return False
            prev = None
            continue
        if v in ("-O", "--remote-name", "--remote-name-all", "-J", "--remote-header-name") or (
                v.startswith("-") and not v.startswith("--") and "O" in v):
            return False
        if prev in ("-o", "--output", "-T", "--upload-file", "-K", "--config", "-c", "--cookie-jar",
                    "-b", "--cookie", "--cacert", "--cert", "--key", "-D", "--dump-header", "--trace",
                    "--trace-ascii", "--stderr", "--libcurl", "--netrc-file", "-E", "--output-dir",
                    "--etag-save", "--etag-compare", "--hsts", "--alt-svc") and not _abs_or_url(v):
            return False
        if v.startswith(("@", "<")) or re.search(r"=[@<](?!/)", v):
            return False  # `-d @file`, `-F f=@file` read a file
        if v.startswith("-") and not v.startswith("--") and v.endswith("o") and len(v) > 2:
            prev = "-o"
            continue
        prev = v
    return True


def _free_wget(name: str, args: list, env: dict[str, str] | None) -> bool:
    """Wget: writes only to an absolute -O / -P."""
    ok = False
    prev = None
    for w in args:
        v = _word_path(w, env)
        if v is None:
            if prev in ("-O", "-P", "-o", "-a", "-i"):
                return False
            prev = None
            continue
        if prev in ("-O", "-P", "-o", "-a", "-i"):
            if not _abs_or_url(v):
                return False
            ok = ok or prev in ("-O", "-P")
        elif v.startswith("--output-document=") or v.startswith("--directory-prefix="):
            if not _abs_or_url(v.split("=", 1)[1]):
                return False
            ok = True
        elif v.startswith("-") and not v.startswith("--") and len(v) > 2 and v[-1] in "OP":
            prev = v[-1]
            continue
        elif v.startswith("-") and not v.startswith("--") and "O" in v:
            # attached value: -qO- / -O/tmp/x
            val = v[v.index("O") + 1:]
            if not _abs_or_url(val):
                return False
            ok = True
        prev = v
    return ok


def _free_mktemp(name: str, args: list, env: dict[str, str] | None) -> bool:
    """Mktemp: a template with a directory, or -t / --tmpdir."""
    # a template without a directory is made in the current one (unless -t / --tmpdir / -p /abs)
    vals = _word_paths(args, env)
    if vals is None:
        return False
    tmp = any(v == "-t" or v.startswith("--tmpdir") or (v.startswith("-") and not v.startswith("--") and "t" in v)
              for v in vals)
    for i, v in enumerate(vals):
        if v in ("-p",) and i + 1 < len(vals) and not vals[i + 1].startswith("/"):
            return False
    templates = [v for i, v in enumerate(vals) if not v.startswith("-") and (i == 0 or vals[i - 1] != "-p")]
    return all(t.startswith("/") or tmp for t in templates)


def _free_gpg(name: str, args: list, env: dict[str, str] | None) -> bool:
    """Gpg: key servers, key ids and absolute files."""
    # key servers, key ids and absolute files; a relative file (a signature, -o out) depends on it
    prev = None
    for w in args:
        v = _word_path(w, env)
        if v is None:
            return False
        if prev in ("-o", "--output", "--homedir", "--keyring", "--import-options") and prev != "--import-options":
            if not _abs_or_url(v):
                return False
        elif v.startswith("-"):
            k, eq, val = v.partition("=")
            if eq and k in ("--output", "--homedir", "--keyring") and not _abs_or_url(val):
                return False
        elif prev not in ("--keyserver", "--import-options", "--recv-keys", "--recv-key") and not (
                v.startswith("/") or "://" in v or ("/" not in v and ("." not in v or "@" in v))):
            return False
        prev = v
    return True


def _free_git(name: str, args: list, env: dict[str, str] | None) -> bool:
    """Git: `config --global`, `-C /abs`, `clone URL /abs`."""
    vals = _word_paths(args, env)
    if not vals:
        return False
    if vals[0] == "config":
        return "--global" in vals or "--system" in vals
    if vals[0] == "-C":
        return len(vals) > 1 and vals[1].startswith("/")
    if vals[0] == "clone":
        pos = [v for v in vals[1:] if not v.startswith("-")]
        return len(pos) == 2 and pos[1].startswith("/")
    return False


def _free_tar(name: str, args: list, env: dict[str, str] | None) -> bool:
    """Tar: `-C /abs` and absolute archive and member paths."""
    vals = _word_paths(args, env)
    if vals is None:
        return False
    has_c = False
    for i, v in enumerate(vals):
        if v in ("-C", "--directory") and i + 1 < len(vals) and vals[i + 1].startswith("/") or v.startswith("--directory=") and v.split("=", 1)[1].startswith("/"):
            has_c = True
    if not has_c:
        return False
    for i, v in enumerate(vals):
        if v.startswith(("--files-from=", "--exclude-from=", "--index-file=", "--file=")) and not _abs_or_url(
                v.split("=", 1)[1]):
            return False
        if v.startswith("-") or (i == 0 and v.isalpha()):
            continue
        if not _abs_or_url(v):
            return False
    return True


# the first group a command name is in decides (as the if-chain did)
_CWD_FREE_CHECKS: dict[str, Callable[[str, list, dict[str, str] | None], bool]] = {}
for _names, _check in (
        (_NAME_CMDS, _free_name_cmd),
        (_PKG | {"dpkg"}, _free_system_pm),
        (("pip", "pip3", "gem", "npm", "yarn", "pnpm"), _free_lang_pm),
        (_FILE_CMDS, _free_file_cmd),
        (("curl",), _free_curl),
        (("wget",), _free_wget),
        (("mktemp",), _free_mktemp),
        (("gpg",), _free_gpg),
        (("git",), _free_git),
        (("tar",), _free_tar),
):
    for _n in _names:
        _CWD_FREE_CHECKS.setdefault(_n, _check)


def _cmd_cwd_free(cmd, env=None) -> bool:
    """Whether the command's effect does not depend on the working directory
    (a whitelist: an unknown command may read or write relative paths)."""
    name = cmd.name
    if name is None:
        return False
    if name == "set":
        return True
    check = _CWD_FREE_CHECKS.get(name)
    return check is not None and check(name, cmd.args, env)

def _assigned(script: str, name: str) -> bool:
    """Whether the script may assign ``name``."""
    if name not in script:  # every form below spells the name
        return False
    n = re.escape(name)
    return re.search(rf"(?<![\w$]){n}\+?=|\b(?:read|for|local|export|declare|unset|typeset|readonly|mapfile|readarray|"
                     rf"getopts|let)\s+(?:[-\w'\"%]+\s+)*{n}\b|\bprintf\s+-v\s*{n}\b|\$\{{{n}:?=",
                     script) is not None


def _part_cwd_free(view, node, env=None) -> bool:
    if _DEP_VARS.search(view.span_text(node)) or re.search(r"(?<![\w-])pwd(?![\w-])", view.span_text(node)):
        return False
    if has_own_scope(view, node) or not all(r.free for r in redirects(view, node)):
        return False
    cmds = commands_in(view, node)
    if not cmds and not is_assignment(node):
        return False
    return all(_cmd_cwd_free(c, env) for c in cmds)


# Commands that behave the same when a directory they name already exists
# (a WORKDIR made it): `mkdir -p`, `install -d`, `git clone` into an empty
# directory, owner and mode changes, extracting or downloading into it.
_EXISTING_OK = {"chown", "chmod", "chgrp", "tar", "unzip", "wget", "curl", "git", "setfacl"}
_ACCOUNTS = {"useradd", "adduser", "usermod"}
_PKG_MADE_DIRS = ("/var/", "/home/", "/srv/", "/run/")


def _as_root(doc, ins) -> bool:
    """Does the RUN run as root?  Under another USER, a directory that WORKDIR
    makes ahead of the commands may not be theirs to write in (the classic
    builder makes it as root), so they are not moved after it."""
    user = model_of(doc).last_in_effect(ins, "USER")
    if user is None:
        return True
    name = user.args.strip().strip("\"'").split(":", 1)[0]
    return name in ("root", "0")


def _names_path(v: str, d: str, base: str | None) -> bool:
    """Whether the path (or glob) ``v``, relative to ``base``, may name ``d``
    or a parent of it (``/`` excepted)."""
    cands = [d] + [d[:k] for k in range(1, len(d)) if d[k] == "/"]
    cands = [c for c in cands if c and c != "/"]
    if not v.startswith("/"):
        if base is None or v.startswith("~"):
            return False
        if base == "?":
            # relative to a directory not known: any that ends the same
            r = posixpath.normpath(v)
            if r == ".." or r.startswith("../") or r == ".":
                return True
            return any(fnmatch.fnmatchcase(c, "*/" + r) for c in cands)
        v = posixpath.join(base, v)
    p = posixpath.normpath(v)
    if p == "/":
        return False
    if any(ch in p for ch in "*?["):
        return any(fnmatch.fnmatchcase(c, p) for c in cands)
    return p in cands


def _makes_dir(view, node, d: str | None, base: str | None = None) -> bool:
    """Would this part act differently once ``WORKDIR d`` has made ``d``
    (or when the directory ``d`` is there again after it)?  It names ``d``
    or a parent of it, absolute or relative to ``base`` (`mkdir /src`
    fails, `mv x /src` and `cp -r x /src` put x inside, `ln -s x /src` makes
    /src/x, `rm -rf /src` deletes it), or it adds an account whose home may
    be ``d`` (its home would already exist, owned by root)."""
    if d is None:
        return True
    d = posixpath.normpath(d)
    for c in commands_in(view, node):
        if c.name in _ACCOUNTS and d.startswith(("/home/", "/root", "/var/lib/", "/opt/", "/srv/")):
            return True
        vals = [w.value for w in c.argv[1:]]
        if (c.name in _PKG or c.name in ("dpkg", "rpm")) and d.startswith(_PKG_MADE_DIRS) and not d.startswith(
                ("/usr/src/", "/usr/local/src/", "/var/tmp/")):
            # a package may make d (owned by its service account, whose home it may be: adduser
            # leaves an existing home as root made it)
            return True
        named = False
        for v in vals:
            if not v:
                continue
            v = v.split("=", 1)[1] if v.startswith("-") and "=" in v else v
            if v.startswith("-") or not v:
                continue
            if _names_path(v, d, base if c.name in _FILE_CMDS or c.name in _SHRINKS else None):
                named = True
        if not named:
            continue
        if c.name in _EXISTING_OK:
            continue
        if c.name in ("mkdir", "install") and any(v in ("-p", "--parents", "-d", "--directory") or
                                                 (v and v.startswith("-") and not v.startswith("--") and
                                                  ("p" in v[1:] if c.name == "mkdir" else "d" in v[1:]))
                                                 for v in vals) and not any(
                # `mkdir -p -m 700 d` leaves the mode of an existing d alone
                v and (v.startswith(("--mode", "--owner", "--group", "--context")) or
                       (v.startswith("-") and not v.startswith("--") and any(ch in v[1:] for ch in "mogZ")))
                for v in vals):
            continue
        return True
    for r in redirects(view, node):
        t = r.dest.strip("'\"")
        if t.startswith("/") and posixpath.normpath(t) == d:
            return True
    return False


_VAR_OR_SUB = re.compile(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$\([^()]*\)|`[^`]*`")


def _deletes_dir(cmds: list[SimpleCommand], d: str, base: str | None) -> str | None:
    """A command of ``cmds`` (a part's, or a whole script's) that may delete or move away ``d`` or a parent
    of it (path absolute, relative to ``base``, or a glob): a WORKDIR back to
    ``d`` after the RUN would make it again (None: none)."""
    for c in cmds:
        vals = [w.value for w in c.argv]
        if c.name in ("rm", "rmdir", "mv", "unlink") or (
                c.name in ("find", "xargs", "sudo", "env") and any(
                    v in ("rm", "rmdir", "mv", "-delete", "-exec", "-execdir") for v in vals[1:])):
            words = list(zip(c.argv[1:], vals[1:]))
            if c.name == "mv":
                # the destination stays; a `-t dir` names it first
                opts = [v for v in vals[1:] if v and v.startswith("-")]
                if any(o == "-t" or o.startswith("--target") or (not o.startswith("--") and "t" in o) for o in opts):
                    k = next(i for i, (_, v) in enumerate(words) if v and v.startswith(("-t", "--target")) or
                             (v and v.startswith("-") and not v.startswith("--") and "t" in v))
                    words = words[:k] + words[k + 2:] if "=" not in (words[k][1] or "") and words[k][1] in (
                        "-t", "--target-directory") else words[:k] + words[k + 1:]
                else:
                    last = max((i for i, (_, v) in enumerate(words) if not (v or "").startswith("-")), default=None)
                    if last is not None:
                        words = words[:last] + words[last + 1:]
            for w, v in words:
                if v is None:
                    # a glob, or variables read as `*` (`/src/app-${V}.tgz` is not /opt/app)
                    v = _VAR_OR_SUB.sub("*", w.text).replace('"', "").replace("'", "")
                    if "$" in v or "`" in v or v.startswith("*"):
                        return c.name  # may be any path
                    v = v.replace("\\", "")
                if not v.startswith("-") and _names_path(v, d, base):
                    return c.name
    return None


def _deleted_earlier(doc, ins, d: str) -> str | None:
    """A RUN of ``ins``'s stage before it that may delete ``d`` (a WORKDIR
    back to ``d`` would make it again): its command name (None: none)."""
    st = ins.stage
    hit = None
    for other in st.instructions:
        if other is ins:
            break
        if other.cmd == "WORKDIR":
            w = _literal_dir(other)
            if w is not None and w.startswith("/") and (posixpath.normpath(w) + "/").startswith(d.rstrip("/") + "/"):
                hit = None  # made again
            continue
        if other.cmd != "RUN" or other.sub is not None:
            continue
        if other.json or other.heredocs:
            hit = hit or ("RUN" if d in other.logical.text else None)
            continue
        if d not in other.logical.text and "rm" not in other.logical.text and "mv" not in other.logical.text:
            continue
        view = model_of(doc).shell_view(other)
        if view is None or view.has_error:
            hit = hit or ("RUN" if d in other.logical.text else None)
            continue
        base: str | None
        if _CD_WORD.search(view.script):
            base = "?"  # relative paths after a cd: relative to any directory
        else:
            base = workdir_after(doc, st, other)
        hit = hit or _deletes_dir(view.commands(), d, base)
    return hit


# ------------------------------------------------------------ split analysis
# Commands that delete or rewrite files: after a split, what they remove or
# change would stay in the earlier layer and the image would grow.
_SHRINKS = {"rm", "rmdir", "mv", "chmod", "chown", "chgrp", "strip", "truncate", "shred", "unlink", "patch",
            "setfacl", "chattr", "upx", "rsync", "dd"}
_PM_SHRINK = {"remove", "purge", "autoremove", "clean", "del", "erase", "uninstall", "autoclean", "prune",
              "dedupe", "distclean", "reset", "checkout", "apply", "am", "pull", "rebase", "merge", "stash",
              "cherry-pick", "revert", "gc", "rm", "mv", "cache", "switch", "restore"}
_PMS = _PKG | {"pip", "pip3", "npm", "yarn", "pnpm", "gem", "conda", "mamba", "git", "make", "cargo", "go",
               "composer", "bundle"}


def _state_change(view, node) -> str | None:
    """What in this part changes the shell's state for later commands, or
    starts a server they may need (None: nothing): after a split, the next
    RUN starts a fresh shell and would not see it."""
    changes = state_changes(view, node)
    for ch in changes:
        if ch.kind == "assignment":
            return "a variable assignment or function"
        if ch.kind == "function":
            return "a function"
        if ch.kind in ("declaration", "unset"):
            return ch.name
    for c in commands_in(view, node):
        if changes_state(c.name):
            return c.name
        if starts_service(c):
            # a server it starts is gone in the next RUN
            return f"a service started by `{c.name}`"
    return None


def _shrinks(view, node) -> str | None:
    """A command in this part that deletes or rewrites files (None: none)."""
    for c in commands_in(view, node):
        vals = [w.value for w in c.argv]
        if c.name in _SHRINKS:
            return c.name
        if c.name in _PMS and any(v in _PM_SHRINK for v in vals[1:]):
            return " ".join(v for v in vals[:2] if v)
        if c.name in ("sed", "perl") and any(v and (v.startswith("-i") or v == "--in-place" or (v.startswith("-") and not v.startswith("--") and "i" in v and c.name == "perl")) for v in vals[1:]):
            return f"{c.name} -i"
        if c.name in ("find", "xargs", "env", "sudo", "nice", "time") and any(
                v in _SHRINKS or v in ("-delete", "-exec", "-execdir") for v in vals[1:]):
            return c.name
    return None


def _flatten(view):
    """The script as a flat list of parts joined by ``&&`` or ``;``: (parts,
    separators before each part, parts that write to a relative path through a
    redirection outside their node, {part: end byte} for parts whose
    redirection tree-sitter put outside them) or (None, why not, [], {})."""
    flat = flatten(view, open_redirects=True)
    if flat.background:
        return None, "a command runs in the background (&)", [], {}
    cmds = command_parts(view, [flat.parts[i] for i in flat.ends])
    if any(c.name == "cd" for c in cmds.values()):
        return None, "a redirected cd", [], {}
    tail_dep = [i for i, rs in flat.redirects.items() if rs and not all(redirect_is_free(r) for r in rs)]
    return flat.parts, flat.seps, tail_dep, flat.ends


def _mounts_block(ins, view, prev, dirs, nsplit) -> str | None:
    """RUN mounts that a WORKDIR or a split would break.  A WORKDIR inside a
    tmpfs, cache or bind mount names a directory of the image that the mount
    hides while the RUN runs.  After a split, each RUN gets a fresh tmpfs and
    a read-only (or throw-away) bind, so what one part leaves there is gone
    in the next; a cache mount may be emptied between RUNs, so a split may
    not pass files through it."""
    ms = [(k, t) for k, t in mounts(ins) if k in ("tmpfs", "cache", "bind")]
    for k, t in ms:
        for d in dirs:
            if d.startswith(t.rstrip("/") + "/"):
                return f"the new WORKDIR {d} is inside the --mount=type={k} at {t}"
            if d == posixpath.normpath(t):
                # BuildKit removes the empty mount point it made; WORKDIR's stays in the image
                return f"the new WORKDIR {d} is the target of the --mount=type={k}"
    if nsplit > 1:
        for k, t in ms:
            if k != "cache":
                return f"a --mount=type={k}: what one part of a split RUN leaves at {t} is gone in the next"
            inside = [d for d in dirs + [prev or ""] if d == t or d.startswith(t.rstrip("/") + "/")]
            if inside or t in view.script:
                return f"the parts of a split RUN would pass files through the --mount=type=cache at {t}"
    return None


def _errexit(view, parts, pre) -> bool:
    """A leading ``set -e`` (or ``-o errexit``) that the script never undoes."""
    on = any(set_turns_on_errexit([w.value or "" for w in view.command(parts[i]).args]) for i in pre)
    return on and not re.search(r"\bset\s+(?:\+[a-z]*e|\+o\s+errexit)", view.script)


def _split_keeps_failures(view, parts, seps, pre, kept) -> str | None:
    """Cutting the script between consecutive kept blocks must not change when
    the build fails.  The RUN before a cut fails when its last command
    fails; the original went on after such a failure when:
      - the cut is inside an `a && b` chain that a `;` follows (the chain
        fails, and the commands after the `;` still run), or
      - the cut is at a `;` and the RUN has no `set -e`, or the command
        before the `;` is not alone in its chain (`a && b; cd d`: when a
        fails, set -e does not stop the script)."""
    errexit = None
    for prev, nxt in zip(kept, kept[1:]):
        p, q = prev[-1], nxt[0]
        between = seps[p + 1:q + 1]
        if all(s == "&&" for s in between):
            if ";" in seps[p + 1:]:
                return "the RUN is not an && chain (splitting it at cd would change when it fails)"
            continue
        if seps[p + 1] != ";":
            return "the RUN is not an && chain (splitting it at cd would change when it fails)"
        if errexit is None:
            errexit = _errexit(view, parts, pre)
        if not errexit:
            return "the RUN is not an && chain and has no `set -e` (splitting it at cd would change when it fails)"
        if not (p == 0 or seps[p] == ";" or p - 1 in pre):
            return ("the command before `; cd` ends an && chain: when the chain fails early, set -e does not "
                    "stop the script (splitting it at cd would change when it fails)")
        if is_negated(parts[p]):
            return "a `!` command before the cut (set -e ignores it)"
    return None


# ------------------------------------------------------------------ the fix, step by step
# detect (the cds and their directories) -> refuse (small predicates) -> plan (blocks of parts,
# each under a WORKDIR or none) -> render (the new text).

_VAR_DIR = re.compile(r"(?:[A-Za-z0-9_@%+=:,./-]|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\})+")
_BAD_DIR = "the directory has variables, options or special characters"


@dataclass
class _Script:
    """A RUN's script cut at its top-level cds."""

    parts: list
    seps: list[str]
    tail_dep: list[int]
    ends: dict[int, int]
    cd_idx: list[int]
    targets: dict[int, str] = field(default_factory=dict)  # part index of a cd -> its directory
    written: dict[int, str] = field(default_factory=dict)  # cd targets with variables: the text for WORKDIR


@dataclass
class _Plan:
    """Where each part of the script runs after the fix."""

    prev: str | None  # the WORKDIR before the RUN (None: unknown)
    segs: list[list[int]]  # seg[0] before the first cd, seg[k] after cd k
    free: dict[int, bool]  # part -> does not depend on the directory
    pre: list[int]  # leading `set -o...` parts, repeated in every RUN of a split
    blocks: list[list] = field(default_factory=list)  # [workdir or None, [part indices], text shown]
    growth: str | None = None
    restore: bool = False
    final: str | None = None
    reuse: object = None  # a later identical WORKDIR the fix moves up (it is deleted there)


def _detect(doc, ins, view) -> _Script | str:
    """The script's parts and its cds with their directories, or why not."""
    if ins.heredocs or view.from_heredoc:
        return "RUN with a heredoc"
    parts, seps, tail_dep, ends = _flatten(view)
    if parts is None:
        return seps  # the reason
    if not parts:
        return "empty RUN"
    cd_idx = [i for i, c in command_parts(view, parts).items() if c.name == "cd"]
    n_cd = sum(1 for c in view.commands() if c.name == "cd")
    if not cd_idx or n_cd != len(cd_idx):
        return "cd inside a subshell, pipeline, condition or function"
    sc = _Script(parts, seps, tail_dep, ends, cd_idx)
    why = _read_targets(doc, ins, view, sc)
    return why if why else sc


def _read_targets(doc, ins, view, sc: _Script) -> str | None:
    """Fill ``sc.targets`` (and ``sc.written``); or why a cd cannot be read."""
    env = None
    for i in sc.cd_idx:
        cmd = view.command(sc.parts[i])
        if cmd.assignments or len(cmd.argv) != 2:
            return "cd without exactly one argument"
        t = cmd.argv[1].value
        if t is None:
            # $VAR / ${VAR}/sub with a variable that an ENV of this file fixes
            if env is None:
                env = _walk(doc, ins.stage, ins)[1]
            raw = cmd.argv[1].text
            if len(raw) >= 2 and raw[0] == raw[-1] == '"':
                raw = raw[1:-1]
            t, why = _variable_dir(view, raw, env)
            if t is None:
                return why
            sc.written[i] = raw
        if t.startswith("-") or not _SAFE_DIR.match(t):
            return _BAD_DIR
        sc.targets[i] = t
    return None


def _variable_dir(view, raw: str, env: Mapping[str, str]) -> tuple[str | None, str]:
    """The absolute directory a cd argument with variables names, or (None, why not)."""
    if not _VAR_DIR.fullmatch(raw):
        return None, _BAD_DIR
    names = variables_in(raw)
    missing = [n for n in names if n not in env]
    if missing:
        return None, f"the directory uses ${missing[0]}, which no ENV of this file fixes"
    if any(_assigned(view.script, n) for n in names):
        return None, "the script changes a variable the directory uses"
    t = _dir_value(raw, env)
    if t is None or not t.startswith("/"):
        return None, _BAD_DIR
    return t, ""


def _refuse_script(doc, ins, view, sc: _Script) -> str | None:
    """Scripts not handled at all, whatever the plan."""
    if re.search(r"OLDPWD|\bcd\s+-", view.script):
        return "the script uses cd - / OLDPWD"
    if not _mount_targets_absolute(ins):
        return "a --mount target is relative to the working directory"
    if len(sc.parts) == len(sc.cd_idx):
        return "the RUN only changes directory (it has no effect; remove it by hand)"
    if any(not t.startswith("/") for t in sc.targets.values()) and "CDPATH" in doc.text:
        return "CDPATH is set: a relative cd may go elsewhere"
    return None


def _preamble(view, sc: _Script) -> list[int]:
    """Leading `set -o...` parts, repeated in every RUN of a split."""
    pre = []
    for i, p in enumerate(sc.parts):
        if i in sc.targets or not is_command(p):
            break
        c = view.command(p)
        if c.name != "set" or not c.args or any(w.value is None or not (
                w.value[:1] in "-+" or w.value in ("pipefail", "errexit", "nounset", "xtrace")) for w in c.args):
            break
        pre.append(i)
    return pre


def _start_plan(doc, ins, view, sc: _Script) -> _Plan:
    prev = workdir_after(doc, ins.stage, ins)
    bounds = [-1] + sc.cd_idx + [len(sc.parts)]
    segs = [list(range(bounds[k] + 1, bounds[k + 1])) for k in range(len(bounds) - 1)]
    dep = set(sc.tail_dep)
    scope = {k: v for k, v in _walk(doc, ins.stage, ins)[1].items() if not _assigned(view.script, k)}
    free = {i: i not in dep and _part_cwd_free(view, sc.parts[i], scope)
            for i in range(len(sc.parts)) if i not in sc.targets}
    return _Plan(prev, segs, free, _preamble(view, sc))


def _shell_errexit(doc, ins, view) -> bool:
    sh = model_of(doc).last_in_effect(ins, "SHELL")
    return bool(re.search(r"\bset\s+(?:[-+]\w+\s+)*-\w*e|\berrexit\b", view.script)) or (
        sh is not None and re.search(r'"-\w*e|errexit', sh.args) is not None)


def _refuse_chained_cd(doc, ins, view, sc: _Script, plan: _Plan) -> str | None:
    """`a && cd /x; b`: the cd runs only when a succeeded, so b's directory
    depends on a (and under set -e, `a;` without the cd would stop the script
    where `a && cd` did not)."""
    seps, targets = sc.seps, sc.targets
    errexit = None
    chained = ("a cd after `&&` in a chain that a `;` follows: whether it runs depends on the "
               "commands before it")
    for ci in sc.cd_idx:
        j = ci
        while j > 0 and seps[j] == "&&":
            j -= 1
        if j == ci or ";" not in seps[ci + 1:] or all(k in plan.pre or k in targets for k in range(j, ci)):
            continue
        m = seps.index(";", ci + 1)
        if m == ci + 1:
            if errexit is None:
                errexit = _shell_errexit(doc, ins, view)
            if errexit:
                return ("a cd ends an && chain that a `;` follows, under set -e: without it, a failure "
                        "before it would stop the script")
        for k in range(m, len(sc.parts)):
            if k in targets:
                if targets[k].startswith("/"):
                    break
                return chained
            if not plan.free[k]:
                return chained
    return None


def _plan_blocks(doc, ins, view, sc: _Script, plan: _Plan) -> str | None:
    """Fill ``plan.blocks``: each cd becomes a WORKDIR before the parts after
    it, or is dropped when nothing after it depends on the directory (or it
    goes where they already run); parts before the first cd that do not
    depend on the directory move after its WORKDIR."""
    parts, targets, free, segs = sc.parts, sc.targets, plan.free, plan.segs
    blocks = plan.blocks
    logical = plan.prev  # where the original script is at this point (None: unknown)
    actual = plan.prev  # the WORKDIR the commands being placed will run in
    first_dir = _absdir(logical, targets[sc.cd_idx[0]])
    carry: list[int] = []
    if segs[0] and (not all(free[i] for i in segs[0])
                    or any(_makes_dir(view, parts[i], first_dir) for i in segs[0])
                    or not _as_root(doc, ins)):
        blocks.append([None, list(segs[0]), None])
    else:
        carry = list(segs[0])  # moved after the WORKDIR of the first cd
    for k, ci in enumerate(sc.cd_idx):
        new_logical = _absdir(logical, targets[ci])
        seg = segs[k + 1]
        if not seg or all(free[i] for i in seg) or (
                new_logical is not None and new_logical == actual
                # `rm -rf /src && git clone u /src && cd /src`: the cd enters the new /src
                and not any(_deletes_dir(commands_in(view, parts[j]), actual, "?") for j in range(ci))):
            # nothing after this cd depends on the directory, or it goes
            # where the commands already run: drop the cd
            if carry or not blocks:
                if carry or seg:
                    blocks.append([None, carry + seg, None])
                carry = []
            elif blocks:
                blocks[-1][1].extend(seg)
            logical = new_logical
            continue
        if new_logical is None:
            return "relative directory and the current WORKDIR is unknown"
        # the first cd becomes the WORKDIR before the RUN (or before its tail)
        blocks.append([new_logical, carry + seg, sc.written.get(ci, new_logical)])
        carry = []
        logical = actual = new_logical
    return None


def _refuse_blocks(sc: _Script, plan: _Plan) -> str | None:
    if not any(b[1] for b in plan.blocks):
        return "the RUN only changes directory (it has no effect; remove it by hand)"
    last_kept = max(i for b in plan.blocks for i in b[1])
    if ";" in sc.seps[last_kept + 1:]:
        # `make; cd /`: the RUN's status is the cd's, so a failing make passes
        return "the RUN ends with `; cd`: without it the RUN would fail where it passed"
    return None


def _refuse_split(ctx, view, sc: _Script, plan: _Plan) -> str | None:
    """A split must keep when the build fails and the shell state later parts
    use; it may make the image grow (``plan.growth``; refused when the option
    ``cd-workdir-allow-growth`` is false)."""
    blocks = plan.blocks
    if len(blocks) < 2:
        return None
    why = _split_keeps_failures(view, sc.parts, sc.seps, plan.pre, [b[1] for b in blocks if b[1]])
    if why:
        return why
    for b in blocks[:-1]:
        for i in b[1]:
            why = None if i in plan.pre else _state_change(view, sc.parts[i])
            if why:
                return f"splitting the RUN at cd would lose the shell state ({why}) set before it"
    allow_growth = ctx is not None and option_bool(ctx.options.get("cd-workdir-allow-growth", False))
    for b in blocks[1:]:
        for i in b[1]:
            why = _shrinks(view, sc.parts[i])
            if why and not allow_growth:
                return (f"splitting the RUN at cd would keep in an earlier layer what a later command "
                        f"deletes or changes ({why}): the image would grow "
                        f"(refused because cd-workdir-allow-growth is false)")
            if why:
                plan.growth = why
    return None


_GIT_AFTER_CLONE = {"checkout", "switch", "reset", "submodule", "fetch", "pull", "apply", "am", "cherry-pick"}


def _git_subs(view, node) -> set[str]:
    """The git sub-commands (``clone``, ``checkout`` ...) this part runs."""
    return {c.args[0].value for c in commands_in(view, node) if c.name == "git" and c.args and c.args[0].value}


def _reuse_later_workdir(doc, ins, plan: _Plan) -> str | None:
    """A fix that ends in ``WORKDIR d`` where a later ``WORKDIR d`` follows
    across instructions that do not depend on the directory would leave two
    identical WORKDIRs close together: the later one moves up (``plan.reuse``,
    deleted there).  Refused when that could change what it does: a USER
    between (a WORKDIR makes a missing directory as that user), a RUN between
    that may delete ``d`` (the later WORKDIR makes it again), comment lines
    on it, or its directory cannot be read."""
    d = plan.final
    if d is None or d == plan.prev or plan.restore:
        return None
    found = _next_workdir(doc, ins)
    if found is None:
        return None
    later, between = found
    env = _walk(doc, ins.stage, later)[1]
    raw = _literal_dir(later, env)
    if raw is None or not raw.startswith("/") or _absdir(None, raw) != d:
        return None
    why = f"a WORKDIR {d} follows on line {later.line}; a WORKDIR here would repeat it"
    if later.comments or later.sub is not None:
        return why + ", and it carries comment lines (moving it up would lose them)"
    for o in between:
        if o.cmd == "USER":
            return why + f", and the USER on line {o.line} between could own the directory the later one makes"
        view = model_of(doc).shell_view(o) if o.cmd == "RUN" else None
        if view is not None and _deletes_dir(view.commands(), d, d):
            return why + f", and the RUN on line {o.line} may delete {d} (the later WORKDIR makes it again)"
    plan.reuse = later
    return None


def _refuse_workdir_use(view, sc: _Script, plan: _Plan) -> str | None:
    """A WORKDIR for a directory the RUN then deletes (the image would keep
    an empty one, the working directory gone), and a split between a
    ``git clone`` and the ``git checkout`` (or reset, submodule...) of it:
    the clone's full history would stay in a lower layer."""
    cloned = False
    for n, (wd, idx, _) in enumerate(plan.blocks):
        subs = set().union(*(_git_subs(view, sc.parts[i]) for i in idx)) if idx else set()
        after = sorted(subs & _GIT_AFTER_CLONE)
        if n > 0 and cloned and after:
            return f"splitting the RUN would put `git clone` and its `git {after[0]}` in different layers"
        cloned = cloned or "clone" in subs
        if wd is None or wd == "/":
            continue
        for later in plan.blocks[n:]:
            for i in later[1]:
                why = _deletes_dir(commands_in(view, sc.parts[i]), wd, later[0] or wd)
                if why:
                    return f"the RUN deletes {wd} (`{why}`): a WORKDIR would make a directory that is then removed"
    return None


def _refuse_restore(doc, ins, view, sc: _Script, plan: _Plan) -> str | None:
    """Mounts the WORKDIRs would break, and a WORKDIR back to the previous
    directory that cannot be written or would make it again.  Sets
    ``plan.restore`` and ``plan.final``."""
    blocks, prev = plan.blocks, plan.prev
    why = _mounts_block(ins, view, prev, [b[0] for b in blocks if b[0] is not None],
                        nsplit=sum(1 for b in blocks if b[1]))
    if why:
        return why
    plan.restore = _restore_needed(doc, ins)
    plan.final = next((b[0] for b in reversed(blocks) if b[0] is not None), prev)
    if not plan.restore or plan.final == prev:
        return None
    if prev is None:
        return "later instructions need the previous WORKDIR, which is unknown (base image)"
    if prev == "/":
        return None
    cur = prev
    for wd, idx, _ in blocks:
        cur = wd if wd is not None else cur
        why = next((w for w in (_deletes_dir(commands_in(view, sc.parts[i]), prev, cur) for i in idx) if w), None)
        if why:
            return (f"the RUN may delete the previous WORKDIR {prev} (`{why}`): a WORKDIR back to it "
                    f"would make it again")
    why = _deleted_earlier(doc, ins, prev)
    if why:
        return (f"an earlier RUN may delete the previous WORKDIR {prev} (`{why}`): a WORKDIR back to "
                f"it would make it again")
    return None


class _Text:
    """File offsets of the script's parts, for rendering."""

    def __init__(self, doc, ins, view, sc: _Script) -> None:
        self.doc, self.ins, self.view, self.sc = doc, ins, view, sc
        self.text = doc.text

    def fs(self, i: int) -> int:
        return part_span(self.view, self.sc.parts[i])[0]

    def fe(self, i: int) -> int:
        return part_span(self.view, self.sc.parts[i], self.sc.ends.get(i))[1]

    def body(self, idx: list[int], last_block: bool) -> str | None:
        """The parts ``idx`` joined as in the script (None: a comment line would be lost)."""
        text, seps, fs, fe = self.text, self.sc.seps, self.fs, self.fe
        out = [text[fs(idx[0]):fe(idx[0])]]
        for a, b in zip(idx, idx[1:]):
            removed = text[fe(a):fe(b - 1)] if b - 1 > a else ""
            if "#" in removed:
                return None
            gap = text[fe(b - 1):fs(b)]
            if b - 1 > a and seps[b] == "&&" and ";" in seps[a + 1:b]:
                # `a; cd d && b`: b runs whatever a did, so the join is `;`
                gap = ";" + gap[3:] if gap.startswith(" &&") else gap.replace("&&", ";", 1)
            out.append(gap + text[fs(b):fe(b)])
        if last_block:
            tail = text[fe(idx[-1]):fe(len(self.sc.parts) - 1)]
            if "#" in tail:
                return None
            out.append(text[fe(len(self.sc.parts) - 1):self.ins.end])
        return "".join(out)


def _render(doc, ins, view, sc: _Script, plan: _Plan) -> Fix | str:
    """The WORKDIRs and RUNs that replace the RUN."""
    tx = _Text(doc, ins, view, sc)
    text, nl, seps = doc.text, doc.newline, sc.seps
    wkw = keyword_case("WORKDIR", ins)
    header0 = text[ins.start:tx.fs(0)]
    flags = " ".join(f.raw for f in ins.flags)
    header = ins.keyword.text + " " + (flags + " " if flags else "")
    pre_text = "".join(text[tx.fs(i):tx.fe(i)] + ("; " if i + 1 < len(seps) and seps[i + 1] == ";" else " && ")
                       for i in plan.pre)
    pieces = []
    blocks = plan.blocks
    for n, (wd, idx, shown) in enumerate(blocks):
        if wd is not None:
            if n > 0:
                pieces.append(nl)
            pieces.append(f"{wkw} {shown}{nl}")
        elif n > 0:
            pieces.append(nl)
        if not idx:
            continue
        b = tx.body(idx, n == len(blocks) - 1)
        if b is None:
            return "comment lines next to a cd that would be removed"
        if n == 0:
            if idx[0] != 0 and "#" in text[tx.fs(0):tx.fs(idx[0])]:
                return "comment lines next to a cd that would be removed"
            pieces.append(header0)
        else:
            gap_from = blocks[n - 1][1][-1] if blocks[n - 1][1] else None
            if gap_from is not None and "#" in text[tx.fe(gap_from):tx.fs(idx[0])]:
                return "comment lines where the RUN would be split"
            pieces.append(header + (pre_text if not set(plan.pre) & set(idx) else ""))
        pieces.append(b)
    new = "".join(pieces)
    if plan.restore and plan.final != plan.prev:
        new += f"{'' if new.endswith(chr(10)) else nl}{wkw} {plan.prev}{nl}"
    edits = [Edit(ins.start, ins.end, new)]
    if plan.reuse is not None:
        edits.append(_delete_line(doc, plan.reuse))
    return Fix(edits, UNSAFE, message=_message(plan))


def _delete_line(doc, ins) -> Edit:
    """Delete the one-line instruction ``ins``; when a blank line stood on both sides of it, one goes too
    (at the end of the file: the blank lines before it)."""
    text, end = doc.text, ins.end
    if not text[end:].strip():
        kept = len(text[:ins.start].rstrip())
        return Edit(text.index("\n", kept) + 1 if kept else ins.start, len(text), "")
    if text[:ins.start].endswith(("\n\n", "\n\r\n")):
        for gap in ("\r\n", "\n"):
            if text.startswith(gap, end):
                end += len(gap)
                break
    return Edit(ins.start, end, "")


def _message(plan: _Plan) -> str:
    blocks = plan.blocks
    nsplit = sum(1 for b in blocks if b[1])
    dirs = [b[2] for b in blocks if b[0] is not None]
    msg = "WORKDIR " + " / ".join(dirs) if dirs else "drop cd: nothing after it depends on the directory"
    if nsplit > 1:
        msg += f" (the RUN split into {nsplit} at its cd commands)"
    if plan.restore and plan.final != plan.prev:
        msg += f" (and back to {plan.prev} after)"
    if plan.reuse is not None:
        msg += f" (the identical WORKDIR on line {getattr(plan.reuse, 'line', '?')} moves here)"
    if plan.growth:
        msg += f"; the image grows: an earlier layer keeps what `{plan.growth}` deletes or changes"
    return msg


def cd_fix(ctx, doc, ins, view) -> Fix | str:
    """The fix for the cds of a RUN, or why there is none."""
    sc = _detect(doc, ins, view)
    if isinstance(sc, str):
        return sc
    why = _refuse_script(doc, ins, view, sc)
    if why:
        return why
    plan = _start_plan(doc, ins, view, sc)
    for step in (lambda: _refuse_chained_cd(doc, ins, view, sc, plan),
                 lambda: _plan_blocks(doc, ins, view, sc, plan),
                 lambda: _refuse_blocks(sc, plan),
                 lambda: _refuse_split(ctx, view, sc, plan),
                 lambda: _refuse_restore(doc, ins, view, sc, plan),
                 lambda: _reuse_later_workdir(doc, ins, plan),
                 lambda: _refuse_workdir_use(view, sc, plan)):
        why = step()
        if why:
            return why
    return _render(doc, ins, view, sc, plan)


class CdToWorkdir(Transform):
    name = "cd-to-workdir"
    options = (Option("cd-workdir-allow-growth", bool, False,
                      "split a RUN at its cds even when a later part deletes what an earlier one made "
                      "(the image grows); false (the default) refuses such splits"),)
    code = "DF211"
    summary = "Use WORKDIR instead of a leading `cd dir &&` in RUN"
    hadolint = ("DL3003",)
    buildkit = ()
    applicability = UNSAFE
    max_applicability = UNSAFE
    # before merge-run: a merged RUN would put the cd in a subshell for good
    order = -1
    links = ("https://docs.docker.com/build/building/best-practices/#workdir",)
    explanation = """
What: the `cd` commands of a RUN become WORKDIR instructions.
`RUN cd /dir && rest` becomes `WORKDIR /dir` + `RUN rest`; when a later
instruction of the stage (or the image itself) depends on the working
directory, `WORKDIR <previous>` follows.  Commands before the `cd` that do
not depend on the directory (package installs, absolute paths, ...) move
under the WORKDIR; a `cd` followed only by such commands (`cd .. && rm -rf
/tmp/x`, or a final `cd /`) is dropped; otherwise the RUN is split at the
`cd` into RUNs with a WORKDIR between them.  A `WORKDIR a` directly
replaced by `WORKDIR /b` is dropped when `a` is known to exist.

Why: `cd` in a RUN only lasts for that RUN; WORKDIR says where the
commands run and is easier to read and maintain (hadolint DL3003).

Example:
    FROM debian:12
    RUN wget https://e.com/s.tgz && tar xzf s.tgz && cd s && make install
becomes
    FROM debian:12
    RUN wget https://e.com/s.tgz && tar xzf s.tgz
    WORKDIR /s
    RUN make install
    WORKDIR /

Fix safety: unsafe (applied only with --unsafe-fixes).  Only `cd` commands
of a top-level `&&`/`;` list, each with one literal argument or a variable
that an ENV of this file fixes, are handled.  "Does not depend on the
directory" is a whitelist: package managers with package names, file
commands whose paths are all absolute, `wget -O /abs`, `git clone URL /abs`
and the like; anything else (an unknown command, a relative path, `pwd`) is
taken to depend on it.  A split is refused when the commands before the
`cd` set shell state that later ones need (variables, `export`, `source`;
a leading `set -e`/`-o pipefail` is repeated in each RUN), when the script
the split RUNs would fail where the original went on (a cut at `;` needs a leading
`set -e` and a lone command before it; a cut inside an `&&` chain needs that
chain to end the script).  When a later part deletes or rewrites files
(`rm`, `mv`, `chmod`, `git checkout`, `apt-get purge`, ...), the split still
builds the same file system, but the earlier layer keeps what was deleted and
the image grows (install -> build -> purge must stay one RUN): such splits
are refused unless `--option cd-workdir-allow-growth=true`, and then the fix
says so in its message.  Never done: a change in a builder stage (only
`COPY --from` reads it: nothing shipped gains), a split between `git clone`
and its `git checkout`/`reset`/`submodule`, a WORKDIR for a directory the RUN
then deletes.  `WORKDIR /x` ... `WORKDIR /` `WORKDIR /x` (left by fixes of
consecutive RUNs) becomes one `WORKDIR /x` (comment lines above the
second stay).  A fix that would end in `WORKDIR /x` where an identical
WORKDIR (paths normalised: `/x/` is `/x`) follows across instructions that
do not depend on the directory moves that one up instead of repeating it;
refused when a USER or a RUN that may delete /x stands between, or the later
WORKDIR carries comment lines.  A relative
directory needs a known current directory; the
previous directory is needed too unless the next instruction that depends on
it is an absolute WORKDIR (or the stage ends and no one uses it).  It is
known from earlier WORKDIRs, from the stage it is built FROM in the same
file, or for official base images whose WORKDIR is a published fact
(ubuntu, debian, alpine, python, node ... set none; golang /go, php
/var/www/html ...), including their public.ecr.aws and mirror.gcr.io
mirrors: that list is not something dockfix can check offline, which is one
reason the fix is unsafe.  A command is not moved after the WORKDIR when
it makes the directory or a parent of it (`mkdir /src`, `mv x /src`,
`cp -r x /src`, `ln -s x /src`, an account's home) or the RUN runs as a
non-root USER: WORKDIR would make the directory first.  A WORKDIR at or inside a
tmpfs, cache or bind mount of the RUN is refused, and so is a split of a RUN
with a tmpfs or bind mount, or one whose parts pass files through its cache
mount (each RUN gets its own).  Also refused: `cd -`, OLDPWD, `cd` in a
subshell, pipeline, condition or function, a `--mount` with a relative
target, comments where the RUN would be cut, heredocs, a redirected `cd`,
a relative `cd` when CDPATH is set, a `cd` after `&&` in a chain that a
`;` follows (whether it runs depends on the commands before it), a split
after a command that starts a server (`service x start`: the next RUN
would not find it running), and a WORKDIR back to a directory a RUN of the
stage deleted (it would make it again).  Difference to
know: WORKDIR creates the directory when it is missing, where `cd` would
fail the build.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        instructions = doc.instructions
        for k, ins in enumerate(instructions):
            if ins.cmd == "WORKDIR" and ins.stage is not None and ins.sub is None:
                nxt = instructions[k + 1] if k + 1 < len(instructions) else None
                if nxt is not None and nxt.cmd == "WORKDIR" and nxt.stage is ins.stage:
                    f = self._redundant_workdir(ctx, doc, ins, nxt)
                    if f is not None:
                        yield f
                continue
            if ins.cmd != "RUN" or ins.sub is not None or ins.json or ins.stage is None:
                continue
            if not _CD_WORD.search(ins.logical.text) and not ins.heredocs:
                continue  # cheap filter: no shell view for RUNs without a cd
            if ctx.model.is_builder(ins.stage):
                yield ctx.finding(self, ins, "use WORKDIR instead of cd",
                                  refused="a builder stage: only COPY --from reads it, so a WORKDIR there changes "
                                          "no shipped image and only churns the diff")
                continue
            view = model_of(doc).shell_view(ins)
            if view is None or view.has_error:
                continue
            cds = [c for c in view.commands() if c.name == "cd"]
            if not cds:
                continue
            msg = "use WORKDIR instead of cd"
            res = self._fix(ctx, doc, ins, view)
            if isinstance(res, str):
                yield ctx.finding(self, ins, msg, refused=res)
            else:
                if "; the image grows" in res.message:
                    # say it where every output format shows it, not only in the fix
                    msg += res.message[res.message.index(";"):]
                yield ctx.finding(self, ins, msg, fix=res)

    def _redundant_workdir(self, ctx, doc, ins, nxt):
        """``WORKDIR a`` right before ``WORKDIR /b``: its only effect is to
        create ``a``; drop it when ``a`` is known to exist (``/``, or a
        directory an earlier WORKDIR of the stage made).  Restoring fixes of
        consecutive RUNs leave such pairs."""
        before, env, made = _walk(doc, ins.stage, ins)
        a = _literal_dir(ins, env)
        b = _literal_dir(nxt, env)  # the env does not change between the two
        if b is None or not b.startswith("/") or a is None or ins.comments:
            return None
        a_abs = _absdir(before, a)
        if a_abs not in made:
            return None
        if _deleted_earlier(doc, ins, a_abs):
            return None  # a RUN may have deleted it: this WORKDIR makes it again
        b_abs = _absdir(before, b)
        if b_abs == before and not _deleted_earlier(doc, ins, b_abs):
            # `WORKDIR /x` ... `WORKDIR /` `WORKDIR /x`: back where it was (splits of consecutive RUNs leave
            # this); comment lines of the second stay, over the instruction after it
            edits = [Edit(ins.start, nxt.end, "")] if not nxt.comments else \
                [Edit(ins.start, ins.end, ""), Edit(nxt.start, nxt.end, "")]
            fix = Fix(edits, UNSAFE,
                      message=f"drop WORKDIR {a} and WORKDIR {b}: the working directory is {b_abs} already")
            return ctx.finding(self, ins, "WORKDIR back to the directory already in force", fix=fix)
        fix = Fix([Edit(ins.start, ins.end, "")], UNSAFE,
                  message=f"drop WORKDIR {a}: the next WORKDIR replaces it and {a_abs} exists")
        return ctx.finding(self, ins, "WORKDIR immediately replaced by the next one", fix=fix)

    def _fix(self, ctx, doc, ins, view):
        return cd_fix(ctx, doc, ins, view)
