"""Parsers of the tools RUN scripts call, in one vocabulary for every transform.

A :class:`Call` is a simple command with its wrappers (``sudo``, ``env A=b``,
``command``, ``exec``) skipped; :func:`apt_call` reads an ``apt-get``/``apt``
command line into subcommand, options and operands; :func:`has_option`,
:func:`arg_index` and :func:`named_dirs` look options up the way each tool
reads them; :func:`guard` / :func:`always_runs` say whether a command runs
whenever the script gets that far.  Everything here works on
``dockfix.shell.view`` views; nothing writes edits (``dockfix.fixing.shell_edits``).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from dockfix.shell.view import ShellWord, SimpleCommand

# shell node types a command may sit in and still always run when the RUN succeeds
_PLAIN_PARENTS = {"program", "list", "redirected_statement", "pipeline"}


def base(name: str | None) -> str | None:
    """``/usr/bin/apt-get`` -> ``apt-get``."""
    if name is None:
        return None
    return posixpath.basename(name) if "/" in name else name


# apt-get / apt options that take a separate value word
APT_VALUE_OPTS = {"-o", "-c", "-t", "-a", "--option", "--config-file", "--target-release",
                  "--default-release", "--host-architecture"}
APT_NAMES = {"apt-get", "apt"}



@dataclass
class Call:
    """A command after wrapper words (``sudo``, ``env A=b``) are skipped."""

    cmd: SimpleCommand
    index: int  # index in cmd.argv of the real command name
    name: str | None

    @property
    def word(self) -> ShellWord:
        return self.cmd.argv[self.index]

    @property
    def args(self) -> list[ShellWord]:
        return self.cmd.argv[self.index + 1:]


def unwrap(cmd: SimpleCommand) -> Call | None:
    """Skip ``sudo`` (plain, ``-E``, ``-n``), ``env`` with assignments only,
    ``command`` and ``exec``; None when the name is not a literal."""
    argv = cmd.argv
    i = 0
    while i < len(argv):
        name = base(argv[i].value)
        if name is None:
            return None
        if name == "sudo":
            i += 1
            while i < len(argv) and argv[i].value in ("-E", "-n", "--preserve-env", "--non-interactive", "--"):
                i += 1
            continue
        if name == "env":
            i += 1
            while i < len(argv) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", argv[i].value or "", re.S):
                i += 1
            continue
        if name in ("command", "exec") and i + 1 < len(argv) and not (argv[i + 1].value or "-").startswith("-"):
            i += 1
            continue
        return Call(cmd, i, name)
    return None


def calls(view) -> list[Call]:
    """Every command of the view whose name is a literal, unwrapped (see
    :func:`unwrap`); computed once per view."""
    memo = view.memo
    got = memo.get("calls")
    if got is None:
        got = memo["calls"] = [u for u in map(unwrap, view.commands()) if u is not None]
    return list(got)



@dataclass
class AptCall:
    call: Call
    tool: str  # "apt-get" or "apt"
    sub: str | None  # subcommand, None if unknown
    sub_word: ShellWord | None
    options: list[ShellWord]  # every option word (before and after the subcommand)
    operands: list[ShellWord]  # non-option words after the subcommand


def apt_call(call: Call) -> AptCall | None:
    """Parse an ``apt-get``/``apt`` command line (None for other commands)."""
    if call.name not in APT_NAMES:
        return None
    sub = None
    sub_word = None
    options: list[ShellWord] = []
    operands: list[ShellWord] = []
    args = call.args
    i = 0
    unknown = False
    while i < len(args):
        w = args[i]
        v = w.value
        if v is None:
            if sub is None:
                unknown = True  # an expansion before the subcommand: could be anything
                break
            operands.append(w)
            i += 1
            continue
        if v == "--" and sub is None:
            unknown = True  # apt's `--` ends its options: a flag added after the subcommand would be a package
            break
        if v.startswith("-") and v != "-":
            options.append(w)
            if v in APT_VALUE_OPTS and i + 1 < len(args):
                options.append(args[i + 1])
                i += 1
            i += 1
            continue
        if sub is None:
            sub, sub_word = v, w
        else:
            operands.append(w)
        i += 1
    if unknown:
        return AptCall(call, call.name, None, None, options, operands)
    return AptCall(call, call.name, sub, sub_word, options, operands)


def option_values(ac: AptCall) -> list[str]:
    return [w.value for w in ac.options if w.value is not None]


def target_release(ac: AptCall) -> str | None:
    """The release an apt call takes its packages from (``-t R``,
    ``--target-release R``, ``--default-release=R``, ``-o APT::Default-Release=R``), or None."""
    words = [w.value if w.value is not None else w.text for w in ac.options]
    for i, v in enumerate(words):
        if v in ("-t", "--target-release", "--default-release") and i + 1 < len(words):
            return words[i + 1]
        for prefix in ("--target-release=", "--default-release=", "-t=", "APT::Default-Release="):
            if v.startswith(prefix):
                return v[len(prefix):]
        if v.startswith("-t") and not v.startswith("--") and len(v) > 2:
            return v[2:]
        if v in ("-o", "--option") and i + 1 < len(words) and words[i + 1].startswith("APT::Default-Release="):
            return words[i + 1].split("=", 1)[1]
    return None


def has_assume_yes(ac: AptCall) -> bool:
    """-y, --yes, --assume-yes, a short cluster with y, or quiet level 2
    (``-qq``, ``-q -q``, ``-q=2``), which implies -y."""
    q = 0
    for v in option_values(ac):
        if v in ("--yes", "--assume-yes") or v.startswith(("--yes=", "--assume-yes=")):
            return True
        if v == "-q=2":
            return True
        if re.fullmatch(r"-[A-Za-z]+", v) and v[1] not in "octa":
            if "y" in v:
                return True
            q += v.count("q")
    return q >= 2


def is_apt_update(ac: AptCall) -> bool:
    return ac.sub == "update"


# apt-get work that reads the package lists
NEEDS_LISTS = {"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "download",
               "reinstall", "satisfy", "changelog", "check", "policy", "show", "search", "showsrc",
               "depends", "rdepends", "madison", "list"}



def arg_index(cmd, values, start: int = 1) -> int | None:
    """Index in ``cmd.argv`` of the first word whose literal value is in ``values``."""
    for i in range(start, len(cmd.argv)):
        if cmd.argv[i].value in values:
            return i
    return None


def has_option(cmd, short: str = "", long: tuple[str, ...] = (), exact: tuple[str, ...] = ()) -> bool:
    """Whether a command has one of the options: ``short`` letters inside a
    ``-abc`` cluster, ``--long`` names (``--name`` or ``--name=value``), or
    ``exact`` words. Words that expand (value None) are looked at as written."""
    for w in cmd.argv[1:]:
        v = w.value if w.value is not None else w.text
        if v in exact:
            return True
        if v == "--":
            break
        if v.startswith("--"):
            if v[2:].split("=", 1)[0] in long:
                return True
        elif v.startswith("-") and len(v) > 1 and short:
            if any(ch in short for ch in v[1:]):
                return True
    return False



def guard(node):
    """None when the command node always runs once the script gets that far;
    else the statement it is guarded by (a condition, loop, function,
    subshell, or the right-hand side of ``||``) -- which itself runs its
    commands in order."""
    n = node
    while n.parent is not None:
        p = n.parent
        if p.type not in _PLAIN_PARENTS:
            return n
        if p.type == "list":
            ops = [c.type for c in p.children if not c.is_named]
            if "||" in ops and n is not p.children[0]:
                return n
        n = p
    return None


def always_runs(view, node) -> bool:
    """True when the command node is not inside a condition, loop, function,
    subshell or the right-hand side of ``||``: it runs whenever the RUN gets
    that far."""
    return guard(node) is None


def named_dirs(cmd, option: str, variables: dict[str, str]) -> list[str]:
    """Directories a command names itself: ``--option DIR`` / ``--option=DIR``,
    and ``NAME=DIR`` assignments in front of it for each NAME in
    ``variables`` (its value: a suffix added to the directory, e.g. ``/pip``
    for XDG_CACHE_HOME)."""
    out = []
    argv = cmd.argv
    for i, w in enumerate(argv):
        v = w.value or ""
        if v == option and i + 1 < len(argv):
            out.append(argv[i + 1].value or argv[i + 1].text)
        elif v.startswith(option + "="):
            out.append(v.split("=", 1)[1])
    for a in cmd.assignments:
        k, _, v = (a.value or a.text).partition("=")
        if k in variables:
            v = v.strip("'\"")
            out.append(v.rstrip("/") + variables[k] if variables[k] else v)
    return out


def last_statement(view):
    """The last top-level statement of the script and whether it runs in the background."""
    kids = [c for c in view.root.children if c.type != "comment"]
    stmts = [c for c in kids if c.is_named]
    if not stmts:
        return None, False
    last = stmts[-1]
    after = kids[kids.index(last) + 1:]
    return last, any(c.type == "&" for c in after)


# -- commands that put programs in PATH (pip/npm/gem... installs, copies into a bin directory)
_PKG_INSTALLERS = {"pip", "pip3", "pip2", "uv", "npm", "pnpm", "yarn", "gem", "cargo", "go", "conda", "mamba",
                   "micromamba", "pipx", "bun"}
_INSTALL_VERBS = {"install", "i", "add", "update", "upgrade", "up", "global"}
_FILE_PLACERS = {"cp", "mv", "install", "ln", "curl", "wget", "update-alternatives", "tar", "unzip"}


def _pkg_name(word: str) -> str:
    """`pip==23.1` / `npm@latest` / `pip>=22` -> `pip`."""
    return re.split(r"[<>=!~\[;@ ]", word.lstrip("@"), maxsplit=1)[0] if word else word


def puts_in_path(c: SimpleCommand) -> set[str]:
    """Command names this command may put (again) somewhere in PATH: the
    packages named to pip/npm/gem/... install or upgrade (`pip install -U
    pip`), and the file names copied, linked or downloaded into a bin directory."""
    out: set[str] = set()
    name = posixpath.basename(c.name) if c.name else ""
    vals = [w.value for w in c.args if w.value]
    if re.fullmatch(r"python[0-9.]*", name) and vals[:2] == ["-m", "pip"]:
        name, vals = "pip", vals[2:]
    if name == "corepack":
        out |= {"yarn", "pnpm", "npm", "npx", "yarnpkg", "pnpx"}
    elif re.sub(r"[0-9.]+$", "", name) in _PKG_INSTALLERS:
        local = name in ("npm", "pnpm", "yarn", "bun") and not {"-g", "--global", "global"} & set(vals)
        if (set(vals) & _INSTALL_VERBS or "--system" in vals) and not local:
            out |= {_pkg_name(v) for v in vals if not v.startswith("-") and v not in _INSTALL_VERBS}
            if name == "gem" and "--system" in vals:
                out.add("gem")
    elif name in _FILE_PLACERS:
        into_bin = bool(vals) and re.search(r"/s?bin/?$", vals[-1]) is not None
        for v in vals:
            if "/" in v and (re.search(r"/s?bin/[^/]+$", v) or into_bin):
                out.add(posixpath.basename(v.rstrip("/")))
    return out
