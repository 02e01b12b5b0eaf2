"""What one RUN's shell script does, computed once per script.

``facts_of(view)`` (a :class:`RunFacts`, built on first use and kept on the view)
answers the questions the shell transforms keep asking, in one vocabulary:

- ``commands``: every simple command with its argv and the directory it runs
  in where the script's own ``cd`` commands make it known;
- ``state_changes``: everything that changes the shell's own state for the
  commands after it (variables, options, traps, the directory, functions,
  aliases, limits...), read against ONE table of state-changing builtins,
  :data:`STATE_BUILTINS`;
- ``downloads`` (URL and scheme of each curl/wget/git fetch) and
  ``services`` (commands that start a server or daemon).

:func:`flatten` is the one reader of ``a && b; c`` lists; :func:`and_list`
is its "one plain && chain" special case.

Nothing here knows the Dockerfile around the RUN (WORKDIR, USER, ENV): that
belongs to ``dockfix.semantic``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from dockfix.shell import nodes
from dockfix.shell.nodes import Redirect

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.shell.view import ShellView, SimpleCommand

Node = Any  # a tree-sitter node

# -- the one table of state-changing builtins ----------------------------------------------------
# name -> what it changes in the shell that runs it (later commands of the same shell see it; a
# fresh shell -- the next RUN, a subshell -- does not).
STATE_BUILTINS: dict[str, str] = {
    "cd": "working directory",
    "pushd": "working directory and directory stack",
    "popd": "working directory and directory stack",
    "export": "variables (exported to the environment)",
    "declare": "variables and their attributes",
    "typeset": "variables and their attributes",
    "local": "variables",
    "readonly": "variables (made read-only)",
    "let": "variables (arithmetic assignment)",
    "read": "variables (read from input)",
    "mapfile": "variables (an array read from input)",
    "readarray": "variables (an array read from input)",
    "getopts": "variables (OPTIND, OPTARG, the option variable)",
    "unset": "variables and functions (removed)",
    "shift": "positional parameters",
    "set": "shell options and positional parameters",
    "shopt": "shell options",
    "setopt": "shell options (zsh)",
    "emulate": "shell options (zsh)",
    "trap": "signal and ERR/EXIT traps",
    "alias": "aliases",
    "unalias": "aliases",
    "hash": "the remembered command paths",
    "enable": "which builtins are enabled",
    "umask": "the file creation mask",
    "ulimit": "resource limits",
    "source": "anything (runs a script in this shell)",
    ".": "anything (runs a script in this shell)",
    "eval": "anything (runs text as commands in this shell)",
    "builtin": "whatever the builtin it runs changes",
    "command": "whatever the builtin it runs changes",
    "exec": "the shell itself (replaced) or its open files",
    "exit": "ends the shell",
    "logout": "ends the shell",
    "return": "ends a function or sourced script",
    "wait": "background jobs (reaped)",
    "private": "variables (zsh)",
}

# tree-sitter node types that are state changes themselves (outside a command's `A=b` prefix)
_DECLARATIONS = {"declaration_command", "unset_command"}


def changes_state(name: str | None) -> bool:
    """Whether a command of that (literal) name is a state-changing builtin."""
    return name in STATE_BUILTINS


@dataclass(frozen=True, slots=True)
class StateChange:
    """One thing in a script that changes its shell's state.

    ``kind``: ``builtin`` (a command of :data:`STATE_BUILTINS`, ``name`` its
    name), ``declaration`` (``export``/``declare``/``local``/``readonly``/
    ``typeset`` as tree-sitter reads them, ``name`` the keyword), ``unset``,
    ``assignment`` (``X=1`` on its own; ``name`` the variable) or ``function``
    (a function definition)."""

    kind: str
    name: str
    changes: str
    node: Node = field(repr=False, compare=False)


def state_changes(view: ShellView, node: Node | None = None) -> list[StateChange]:
    """The state changes in ``node`` (default the whole script), in source
    order; a ``VAR=x cmd`` prefix is not one (it is for that command only)."""
    out: list[StateChange] = []
    for n in view.walk(node):
        t = n.type
        if t == "variable_assignment":
            if n.parent is not None and n.parent.type not in ("command", "declaration_command"):
                name = n.children[0].text.decode("utf-8", "replace") if n.children else "?"
                out.append(StateChange("assignment", name, "variables", n))
        elif t in _DECLARATIONS:
            kw = n.children[0].type if n.children else t
            kind = "unset" if t == "unset_command" else "declaration"
            out.append(StateChange(kind, kw, STATE_BUILTINS.get(kw, "variables"), n))
        elif t == "function_definition":
            out.append(StateChange("function", "function", "functions", n))
        elif t == "command":
            name = view.command(n).name
            if name in STATE_BUILTINS:
                out.append(StateChange("builtin", name, STATE_BUILTINS[name], n))
    return out


# -- the && / ; flattener ---------------------------------------------------------------------------
@dataclass(slots=True)
class Flat:
    """A script as the parts of its top-level ``;`` statements and ``&&`` chains.

    ``seps[i]`` is what comes before ``parts[i]``: ``""`` (the first),
    ``";"`` (a new statement) or ``"&&"``.  A part that is a list still (it
    has ``||``) is kept whole.  With ``open_redirects``, ``a && b > f`` (which
    tree-sitter reads as a redirection of the whole list, where the shell
    applies it to ``b`` only) gives the parts ``a`` and ``b``; ``ends[i]`` is
    then the end byte of ``b`` with its redirection and ``redirects[i]`` the
    redirection nodes.  ``background``: a statement runs in the background."""

    parts: list[Node]
    seps: list[str]
    ends: dict[int, int]
    redirects: dict[int, list[Node]]
    background: bool
    statements: int


def flatten(view: ShellView, *, open_redirects: bool = False) -> Flat:
    """The script as a flat list of parts (see :class:`Flat`), computed once
    per view and option; the caller gets its own copy to change."""
    memo = facts_of(view).memo
    key = ("flatten", open_redirects)
    got = memo.get(key)
    if got is None:
        got = memo[key] = _flatten(view, open_redirects)
    assert isinstance(got, Flat)
    return Flat(list(got.parts), list(got.seps), dict(got.ends), {k: list(v) for k, v in got.redirects.items()},
                got.background, got.statements)


def part_span(view: ShellView, part: Node, end: int | None = None) -> tuple[int, int]:
    """File offsets of a part of a flattened script; ``end``: its end from ``Flat.ends`` (with the
    redirection ``open_redirects`` gave it), else the part's own end."""
    return (view.to_file(view.char(part.start_byte)),
            view.to_file_end(view.char(part.end_byte if end is None else end)))


def _flatten(view: ShellView, open_redirects: bool) -> Flat:
    parts: list[Node] = []
    seps: list[str] = []
    ends: dict[int, int] = {}
    redirects: dict[int, list[Node]] = {}

    def flat(n: Node, sep: str) -> None:
        if n.type == "list":
            kids = [c for c in n.children if c.type != "comment"]
            if all(c.type == "&&" for c in kids if not c.is_named):
                for k, c in enumerate(c for c in kids if c.is_named):
                    flat(c, sep if k == 0 else "&&")
                return
        elif open_redirects and n.type == "redirected_statement" and n.children and n.children[0].type == "list":
            n0 = len(parts)
            flat(n.children[0], sep)
            if len(parts) - n0 > 1:
                last = len(parts) - 1
                redirects[last] = [c for c in n.children[1:] if c.is_named]
                ends[last] = n.end_byte
                return
            del parts[n0:], seps[n0:]
            for k in [k for k in ends if k >= n0]:
                del ends[k]
                redirects.pop(k, None)
        parts.append(n)
        seps.append(sep)

    stmts = view.top_statements()
    background = False
    for k, st in enumerate(stmts):
        if k > 0 and "&" in view.script[view.char(stmts[k - 1].end_byte):view.char(st.start_byte)]:
            background = True
        flat(st, ";" if k else "")
    if stmts and "&" in view.script[view.char(stmts[-1].end_byte):]:
        background = True
    return Flat(parts, seps, ends, redirects, background, len(stmts))


def _only_and(n: Node) -> bool:
    if n.type == "redirected_statement" and n.children:
        return _only_and(n.children[0])
    if n.type != "list":
        return True
    return all(c.type == "&&" for c in n.children if not c.is_named) and \
        all(_only_and(c) for c in n.children if c.is_named and c.type != "comment")


def and_list(view: ShellView) -> list[Node] | None:
    """If the whole script is one ``a && b && c`` chain (or a single
    statement), its parts in order; else ``None``.  tree-sitter reads ``a ||
    b >> log`` as a redirected ``a || b``: an or-list, not a chain that ``x
    && `` could be put in front of."""
    memo = facts_of(view).memo
    if "and_list" not in memo:
        memo["and_list"] = _and_list(view)
    got = memo["and_list"]
    return None if got is None else list(got)  # type: ignore[call-overload]


def _and_list(view: ShellView) -> list[Node] | None:
    flat = flatten(view)
    if flat.statements != 1:
        return None
    for p in flat.parts:
        if p.type == "list":
            return None
        if p.type == "redirected_statement" and p.children and p.children[0].type == "list" \
                and not _only_and(p.children[0]):
            return None
    return flat.parts


# -- commands, directories, downloads, services ---------------------------------------------------
@dataclass(frozen=True, slots=True)
class CommandFact:
    """A simple command and the directory it runs in: ``"."`` for the RUN's
    own working directory, a path relative to it or absolute after the
    script's literal ``cd`` commands, ``None`` when the script's ``cd``
    commands make it unknown (a variable, a ``cd`` in a branch)."""

    cmd: SimpleCommand
    cwd: str | None


@dataclass(frozen=True, slots=True)
class Download:
    """A URL a command fetches (curl, wget, git clone...)."""

    url: str
    scheme: str
    tool: str
    cmd: SimpleCommand = field(repr=False, compare=False)


_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://\S+")
_FETCHERS = {"curl", "wget", "git", "aria2c", "fetch", "svn", "hg"}

# commands that start a server or daemon: gone when the shell that ran them ends
DAEMONS = {"service", "rc-service", "start-stop-daemon", "pg_ctl", "pg_ctlcluster", "mysqld_safe", "mysqld",
           "mariadbd", "redis-server", "mongod", "dbus-daemon", "Xvfb", "xvfb-run", "supervisord", "nohup",
           "setsid", "daemonize", "memcached", "slapd", "sshd", "dockerd", "apachectl", "apache2ctl", "nginx",
           "php-fpm", "rabbitmq-server", "elasticsearch", "zkServer.sh", "catalina.sh", "startup.sh"}
_START_WORDS = {"start", "restart", "--daemonize", "--fork", "--background", "--detach"}


def starts_service(cmd: SimpleCommand) -> bool:
    """Whether the command (may) start a server or daemon."""
    if not cmd.name:
        return False
    base = cmd.name.rsplit("/", 1)[-1]
    return base in DAEMONS or cmd.name.startswith("/etc/init.d/") or any(
        w.value in _START_WORDS for w in cmd.argv[1:])


def _next_cwd(cwd: str | None, cmd: SimpleCommand) -> str | None:
    """The directory after ``cmd`` when it is a ``cd``."""
    args = [w.value for w in cmd.args]
    if cwd is None or len(args) != 1 or args[0] is None or args[0].startswith("-") or cmd.assignments:
        return None
    d = args[0]
    joined = posixpath.normpath(d if d.startswith("/") else posixpath.join(cwd, d))
    return joined


class RunFacts:
    """The facts of one RUN's script, each computed on first use."""

    def __init__(self, view: ShellView) -> None:
        self.view = view
        # memo for analyses a transform runs several times on one script (keyed by the transform)
        self.memo: dict[object, object] = {}

    @property
    def flat(self) -> Flat:
        return flatten(self.view)

    @property
    def and_list(self) -> list[Node] | None:
        return and_list(self.view)

    @cached_property
    def state_changes(self) -> list[StateChange]:
        return state_changes(self.view)

    @cached_property
    def commands(self) -> list[CommandFact]:
        """Every simple command with its directory (see :class:`CommandFact`)."""
        def key(n: Node) -> tuple[int, int, str]:  # node objects are not unique: compare positions
            return n.start_byte, n.end_byte, n.type

        top = {key(p) for p in self.flat.parts}
        cwd: str | None = "."
        out: list[CommandFact] = []
        for c in self.view.commands():
            out.append(CommandFact(c, cwd))
            if c.name in ("cd", "pushd", "popd"):
                parent = c.node.parent
                at_top = key(c.node) in top or (parent is not None and key(parent) in top
                                                and parent.type == "redirected_statement")
                cwd = _next_cwd(cwd, c) if at_top and c.name == "cd" else None
        return out

    @cached_property
    def downloads(self) -> list[Download]:
        out: list[Download] = []
        for c in self.view.commands():
            tool = c.name.rsplit("/", 1)[-1] if c.name else None
            if tool not in _FETCHERS:
                continue
            for w in c.args:
                v = w.value if w.value is not None else w.text
                m = _URL.search(v)
                if m:
                    out.append(Download(m.group(0).strip("'\""), m.group(1).lower(), tool, c))
        return out

    @cached_property
    def services(self) -> list[SimpleCommand]:
        return [c for c in self.view.commands() if starts_service(c)]

    @cached_property
    def fetch_schemes(self) -> frozenset[str]:
        """How the script fetches: ``https`` (curl/wget/git over TLS, or a
        fetch whose URL is not written out: it may be https), ``ssh`` (git over
        ssh: ``git@host:`` or ``ssh://``), ``http``... (empty: no fetch)."""
        return frozenset(scheme for scheme, _at in self.fetches)

    @cached_property
    def fetches(self) -> tuple[tuple[str, int], ...]:
        """(scheme, file offset of the command) of each fetch of the script, in
        script order: curl/wget/git... with their URL's scheme (``https`` when
        the URL is not written out: it may well be https), git over ssh
        (``git@host:``), pip installing from a version-control URL
        (``git+https://``, ``git+ssh://``: git itself fetches)."""
        out = [(d.scheme, d.cmd.start) for d in self.downloads]
        found = {d.cmd.start for d in self.downloads}
        for c in self.view.commands():
            tool = base_name(c.name)
            at = c.start
            vals = [w.value if w.value is not None else w.text for w in c.args]
            if tool == "git" and any(v.startswith("git@") or "@" in v.split(":")[0] for v in vals[1:] if ":" in v
                                     and "://" not in v):
                out.append(("ssh", at))
                continue
            if at in found:
                continue
            if tool in ("curl", "wget") or (tool == "git" and vals and vals[0] in ("clone", "fetch", "submodule",
                                                                                 "pull", "ls-remote")):
                out.append(("https", at))  # the URL is a variable or not given here: it may well be https
            elif _is_pip_install(tool, vals):
                out += [(m.group(1).lower(), at) for v in vals if (m := VCS_URL.search(v))]
        return tuple(sorted(out, key=lambda sa: sa[1]))

    @cached_property
    def pip_requirement_files(self) -> tuple[tuple[str, int], ...]:
        """(path as written, file offset of the command) of each requirements file
        a ``pip install -r FILE`` of the script reads (literal paths only)."""
        out: list[tuple[str, int]] = []
        for c in self.view.commands():
            vals = [w.value for w in c.args]
            if not _is_pip_install(base_name(c.name), [v or "" for v in vals]):
                continue
            for i, v in enumerate(vals):
                path = None
                if v in ("-r", "--requirement") and i + 1 < len(vals):
                    path = vals[i + 1]
                elif v is not None and v.startswith("--requirement="):
                    path = v.split("=", 1)[1]
                elif v is not None and v.startswith("-r") and not v.startswith("--") and len(v) > 2:
                    path = v[2:]
                if path and "://" not in path:
                    out.append((path, c.start))
        return tuple(out)

    @cached_property
    def https_apt_sources(self) -> tuple[int, ...]:
        """File offsets where the script writes an apt source served over https
        (``echo "deb https://..." > /etc/apt/sources.list.d/x.list``, a here-document,
        ``add-apt-repository "deb https://..."``, a deb822 ``URIs: https://...``): apt fetches from it with the
        system's CA bundle from then on."""
        view = self.view
        return tuple(view.to_file(view.char(m.start())) for m in _HTTPS_DEB.finditer(view.source))

    @cached_property
    def apt_fetches(self) -> tuple[int, ...]:
        """File offsets of the ``apt-get``/``apt`` commands that download from the
        package sources (update, install, upgrade...)."""
        out = []
        for c in self.view.commands():
            if base_name(c.name) in ("apt-get", "apt", "aptitude"):
                subs = [w.value for w in c.args if w.value and not w.value.startswith("-")]
                if subs and subs[0] in _APT_FETCH_SUBS:
                    out.append(c.start)
        return tuple(out)

    @cached_property
    def uses_ssh(self) -> bool:
        """Whether the script talks ssh: git over ssh (``git@host:``,
        ``ssh://``), ``ssh``/``scp``/``sftp``/``ssh-keyscan``/``ssh-add``,
        ``GIT_SSH``/``GIT_SSH_COMMAND`` or git's ``core.sshCommand``, ``rsync -e ssh``."""
        if "ssh" in self.fetch_schemes:
            return True
        for c in self.view.commands():
            tool = base_name(c.name)
            if tool in _SSH_TOOLS:
                return True
            words = [w.value if w.value is not None else w.text for w in (*c.assignments, *c.args)]
            if any(v.split("=", 1)[0] in _SSH_VARS or "ssh://" in v or v.lower() == "core.sshcommand"
                   for v in words):
                return True
            if tool == "rsync" and any(v.startswith("ssh") for v in words):
                return True
        return any(name in _SSH_VARS for name in self.assigned_names)

    @cached_property
    def uses_composer(self) -> bool:
        """Whether the script installs PHP packages with composer (``composer
        install/require/update/create-project``, also ``php composer.phar ...``)
        or downloads composer (``getcomposer.org``)."""
        for c in self.view.commands():
            tool = base_name(c.name) or ""
            vals = [w.value for w in c.args]
            if tool in ("composer", "composer.phar") or (
                    tool.startswith("php") and vals and (vals[0] or "").endswith("composer.phar")):
                if any(v in _COMPOSER_SUBS for v in vals):
                    return True
            if tool in ("curl", "wget", "php") and any("getcomposer" in (w.value or w.text) for w in c.args):
                return True
        return False

    @cached_property
    def adds_apt_repository(self) -> bool:
        """Whether the script runs ``add-apt-repository`` (a PPA's key is imported with gpg)."""
        return any(base_name(c.name) in ("add-apt-repository", "apt-add-repository") for c in self.view.commands())

    @cached_property
    def fetches_keys(self) -> bool:
        """Whether the script fetches OpenPGP keys from a keyserver (``gpg
        --recv-keys``, ``gpg --keyserver ...``, ``apt-key adv --recv-keys``):
        gpg does it through dirmngr, which it starts and fails without."""
        for c in self.view.commands():
            if base_name(c.name) not in ("gpg", "gpg2", "apt-key"):
                continue
            for w in c.args:
                v = w.value or ""
                if v.startswith("--keyserver") or v.split("=", 1)[0] in _KEYSERVER_OPTS:
                    return True
        return False

    @cached_property
    def failing_pipes(self) -> list[Node]:
        """Pipelines where a command before the last can fail for real (a
        download piped to a shell or tar, ``make | tee log``): the pipe's status
        is the last command's, so that failure is hidden.  A pipe whose earlier
        commands only print (``echo ... | tee``, ``printf``, ``yes``, ``seq``)
        hides nothing, nor does one whose status nobody reads (see
        ``nodes.Pipeline.status_used``)."""
        out = []
        for n in self.view.walk():
            if n.type != "pipeline" or not nodes.pipe_status_used(n):
                continue  # (in `cmd "$(a | b)"` nobody reads the pipe's status: pipefail would change nothing)
            last = [c for c in n.children if c.is_named and c.type != "comment"][-1:]
            if last and any(c.name in _CHECKSUM_TOOLS and any((a.value or "") in ("-c", "--check") for a in c.args)
                            for c in self.view.commands()
                            if last[0].start_byte <= c.node.start_byte and c.node.end_byte <= last[0].end_byte):
                continue  # `grep x SUMS | sha256sum -c -`: an empty or short input already fails the check
            parts = [c for c in n.children if c.is_named and c.type != "comment"][:-1]
            for part in parts:
                if any(c.name not in HARMLESS_WRITERS for c in self.view.commands()
                       if part.start_byte <= c.node.start_byte and c.node.end_byte <= part.end_byte) or not any(
                        part.start_byte <= c.node.start_byte and c.node.end_byte <= part.end_byte
                        for c in self.view.commands()):
                    out.append(n)
                    break
        return out

    @cached_property
    def apt_lists(self) -> tuple[bool, bool]:
        """(fetches the apt package lists: ``apt-get update``; removes them:
        ``rm -rf /var/lib/apt/lists...`` or ``apt-get dist-clean``)."""
        from dockfix.shell.tools import apt_call, calls

        fetches = removes = False
        for call in calls(self.view):
            ac = apt_call(call)
            if ac is not None and ac.sub == "update":
                fetches = True
            elif ac is not None and ac.sub == "dist-clean":
                removes = True
            elif call.name == "rm" and any((w.value or w.text).startswith("/var/lib/apt/lists") for w in call.args):
                removes = True
        return fetches, removes

    @cached_property
    def literal_assignments(self) -> dict[str, str | None]:
        """``NAME=value`` assignments of the script (not a command's prefix)
        with their literal value (``buildDeps='gcc make'``); None when the
        value has expansions (unknown)."""
        out: dict[str, str | None] = {}
        for ch in self.state_changes:
            if ch.kind == "assignment":
                nodes = [ch.node]
            elif ch.kind == "declaration" and ch.name in ("export", "declare", "typeset", "readonly", "local"):
                nodes = [c for c in ch.node.children if c.type == "variable_assignment"]
            else:
                continue
            for n in nodes:
                kids = [c for c in n.children if c.is_named]
                if not kids:
                    continue
                name = kids[0].text.decode("utf-8", "replace")
                out[name] = _literal_value(kids[1] if len(kids) > 1 else None)
        return out

    @cached_property
    def assigned_names(self) -> frozenset[str]:
        """Variables the script sets in its own shell, over-approximated: assignments
        (not a command's ``A=b`` prefix), ``export``/``declare``/``unset``..., loop
        variables, ``${x:=y}``, ``read``/``mapfile``/``getopts`` and ``printf -v``
        operands."""
        return _assigned_names(self.view)

    @cached_property
    def used_names(self) -> frozenset[str]:
        """Variables the script reads or exports (a plain ``X=1`` and a loop's own
        variable are no use)."""
        return _used_names(self.view)

    @cached_property
    def account_setup(self) -> str | None:
        """The account-creating command (else ``chown``) when the script does
        nothing but set up accounts and the ownership of their paths
        (``groupadd ... && useradd ... && chown ...``); None otherwise."""
        made = owns = None
        for c in self.view.commands():
            name = base_name(c.name)
            if name in _ACCOUNT_MAKERS:
                made = made or name
            elif name not in _OWNERSHIP:
                return None
            elif name == "chown":
                owns = name
        return made or owns

    @cached_property
    def npm_installs(self) -> bool:
        """Whether the script installs node packages (native ones build with node-gyp)."""
        return any(base_name(c.name) in ("npm", "yarn", "pnpm") and any(
            w.value in ("install", "i", "ci", "add") for w in c.argv[1:2]) for c in self.view.commands())

    @cached_property
    def pip_installs(self) -> bool:
        """Whether the script installs Python packages with pip (which may build them from source)."""
        for c in self.view.commands():
            tool = base_name(c.name) or ""
            vals = [w.value for w in c.argv[1:]]
            if re.fullmatch(r"pip[0-9.]*", tool) and "install" in vals:
                return True
            if re.fullmatch(r"python[0-9.]*", tool) and "pip" in vals and "install" in vals:
                return True
        return False

    @cached_property
    def slow_step(self) -> str | None:
        """The first command that makes this a long build step (a compile, a
        package install, a download), shown as ``name sub``; None: a quick script."""
        for c in self.view.commands():
            what = slow_command(c)
            if what:
                return what
        return None

    @cached_property
    def cleans_up(self) -> str | None:
        """The first command that deletes files or packages (``rm``, ``apt-get
        purge``, ``make clean`` ...); None: nothing is removed."""
        for c in self.view.commands():
            name = base_name(c.name)
            vals = [w.value for w in c.argv[1:]]
            if name in _REMOVERS or (name in SLOW_TOOLS and any(v in _CLEAN_WORDS for v in vals)):
                return " ".join(v for v in [name, *vals[:1]] if v)
        return None

    @cached_property
    def cache_bust(self) -> str | None:
        """The variable that makes this RUN a cache boundary an author keeps
        apart on purpose (``RUN echo $CACHEBUST``, ``date > /build-date``): its
        text changes to re-run everything after it; None: none."""
        m = _CACHE_BUST.search(self.view.script)
        if m:
            return m.group(0)
        for c in self.view.commands():
            if base_name(c.name) == "date" and not c.args:
                return "date"
        return None


def _literal_value(value: Node | None) -> str | None:
    """The value of an assignment's right side when it is literal (None: it has expansions)."""
    if value is None:
        return ""
    text = value.text.decode("utf-8", "replace")
    if value.type == "raw_string":
        return text[1:-1]
    if value.type in ("word", "string") and not any(c.type not in ("string_content", '"') for c in value.children):
        text = text.replace("\\\n", " ")  # a continuation inside double quotes is removed
        return None if "\\" in text else text.strip('"')
    return None


_ACCOUNT_MAKERS = {"useradd", "groupadd", "adduser", "addgroup", "usermod", "groupmod"}
_OWNERSHIP = {"chown", "chmod", "mkdir", "install", "chgrp"}


# a version-control URL pip installs from (git, not pip, fetches it: with the system's CA bundle or ssh)
VCS_URL = re.compile(r"(?<![\w.+-])(?:git|hg|svn|bzr)\+(https|ssh|http|git|file)://", re.IGNORECASE)
# a one-line apt source (``deb [signed-by=...] https://...``, deb-src) or a deb822 one (``URIs: https://...``)
_HTTPS_DEB = re.compile(rb"\bdeb(?:-src)?(?:\s+\[[^\]\n]*\])?\s+https://|\bURIs:[ \t]*(?:\S+[ \t]+)*https://")
_APT_FETCH_SUBS = frozenset({"update", "install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep",
                             "source", "download", "reinstall"})


def _is_pip_install(tool: str | None, vals: list[str]) -> bool:
    """``pip install ...`` or ``python -m pip install ...``."""
    if tool and re.fullmatch(r"pip[0-9.]*", tool):
        return "install" in vals
    return bool(tool and re.fullmatch(r"python[0-9.]*", tool) and "pip" in vals and "install" in vals)


_KEYSERVER_OPTS = frozenset({"--recv-keys", "--recv-key", "--receive-keys", "--search-keys", "--fetch-keys",
                             "--locate-keys", "--locate-external-keys", "--refresh-keys"})
_SSH_TOOLS = frozenset({"ssh", "scp", "sftp", "ssh-keyscan", "ssh-add", "ssh-agent"})
_SSH_VARS = frozenset({"GIT_SSH", "GIT_SSH_COMMAND"})
_COMPOSER_SUBS = frozenset({"install", "require", "update", "create-project", "i", "u"})


def base_name(name: str | None) -> str | None:
    return name.rsplit("/", 1)[-1] if name else name


# tools whose sub-command (or the tool itself) runs long: compilers, package managers, fetchers
SLOW_TOOLS: dict[str, frozenset[str] | None] = {
    "make": None, "cmake": None, "ninja": None, "gcc": None, "g++": None, "cc": None, "clang": None,
    "./configure": None, "configure": None, "mvn": None, "gradle": None, "./gradlew": None, "ant": None,
    "sbt": None, "dotnet": frozenset({"build", "publish", "restore"}), "msbuild": None,
    "go": frozenset({"build", "install", "get", "mod"}), "cargo": frozenset({"build", "install", "fetch"}),
    "apt-get": frozenset({"install", "upgrade", "dist-upgrade", "build-dep"}),
    "apt": frozenset({"install", "upgrade", "full-upgrade"}), "apk": frozenset({"add", "upgrade"}),
    "yum": frozenset({"install", "update", "upgrade", "groupinstall"}),
    "dnf": frozenset({"install", "update", "upgrade", "groupinstall"}), "microdnf": frozenset({"install"}),
    "zypper": frozenset({"install", "in", "update", "up"}),
    "pip": frozenset({"install"}), "pip3": frozenset({"install"}), "pip2": frozenset({"install"}),
    "npm": frozenset({"install", "ci", "i"}), "yarn": None, "pnpm": frozenset({"install", "i"}),
    "gem": frozenset({"install"}), "bundle": frozenset({"install"}), "composer": frozenset({"install"}),
    "conda": frozenset({"install", "create", "env"}), "mamba": frozenset({"install", "create", "env"}),
    "curl": None, "wget": None, "git": frozenset({"clone", "fetch", "submodule"}),
    "pyenv": frozenset({"install"}), "rbenv": frozenset({"install"}), "goenv": frozenset({"install"}),
    "phpenv": frozenset({"install"}), "nodenv": frozenset({"install"}), "asdf": frozenset({"install"}),
    "pecl": frozenset({"install"}), "docker-php-ext-install": None, "cpanm": None, "cpan": None,
    "pipx": frozenset({"install"}), "poetry": frozenset({"install"}), "uv": frozenset({"pip", "sync"}),
    "mix": frozenset({"deps.get", "compile", "release"}), "rustup": frozenset({"install", "toolchain"}),
}
_REMOVERS = {"rm", "rmdir", "unlink"}
# commands that only print: piped into another, their failure is no failure worth a build error
HARMLESS_WRITERS = {"echo", "printf", "true", ":", "yes", "seq"}
_CHECKSUM_TOOLS = {"sha256sum", "sha512sum", "sha384sum", "sha224sum", "sha1sum", "md5sum", "shasum", "b2sum", "cksum"}
_CLEAN_WORDS = {"clean", "distclean", "purge", "remove", "autoremove", "del", "erase", "uninstall", "prune",
                "autoclean", "cache"}
_CACHE_BUST = re.compile(r"\$\{?[A-Za-z_]*(?:CACHE_?BUST|BUST_?CACHE|CACHEBUSTER|CACHE_DATE|NOCACHE|NO_CACHE)"
                         r"[A-Za-z0-9_]*\}?", re.I)


def slow_command(c: SimpleCommand) -> str | None:
    """``name sub`` when the command is a long build step (see :data:`SLOW_TOOLS`)."""
    name = base_name(c.name) if c.name and not c.name.startswith("./") else c.name
    if name not in SLOW_TOOLS:
        return None
    subs = SLOW_TOOLS[name]
    if subs is None:
        return name
    words = [w.value for w in c.argv[1:] if w.value and not w.value.startswith("-")]
    return f"{name} {words[0]}" if words and words[0] in subs else None


def facts_of(view: ShellView) -> RunFacts:
    """The facts of ``view``'s script, computed on first use and kept on the view."""
    facts = view.facts_cache
    if not isinstance(facts, RunFacts):
        facts = view.facts_cache = RunFacts(view)
    return facts


# -- which files a script may touch ----------------------------------------------------------------

# commands whose operands are package, account or locale names (a path operand -- ./x.deb,
# /tmp/x.rpm -- still counts as a path)
_NAME_OPERANDS = {"apt-get", "apt", "aptitude", "apk", "yum", "dnf", "microdnf", "tdnf", "zypper", "useradd",
                  "groupadd", "adduser", "addgroup", "usermod", "update-ca-certificates", "locale-gen", "ldconfig",
                  "dpkg-reconfigure", "update-alternatives", "localedef", "apt-key", "add-apt-repository"}
# commands that read no file at all (their output redirections are checked apart)
_NO_FILES = {"echo", "printf", "true", ":", "set", "export", "which", "command", "sleep", "env", "id", "uname"}
# commands whose operands are files; the first operand of these is not a file (a mode, an owner, a script)
_FILE_OPERANDS = {"rm", "mkdir", "ln", "touch", "cp", "mv", "tar", "unzip", "cat", "ls", "install", "curl", "wget",
                  "gzip", "gunzip", "sha256sum", "sha512sum", "md5sum", "dpkg", "rpm", "test", "[", "tee",
                  "chmod", "chown", "chgrp", "sed", "rmdir", "xz", "bunzip2"}
_FIRST_NOT_A_FILE = {"chmod", "chown", "chgrp", "sed"}


_PIP_NAME = re.compile(r"pip[\d.]*$")
_PIP_FILE_OPTS = {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-f", "--find-links"}


def _pip_touches(vals: list[str | None], hits: Callable[[str | None], bool]) -> bool:
    """A pip command reads a file under the tree: a requirements/constraints file, an editable
    or local project, a local find-links folder (package names and URLs read no file)."""
    nxt = False
    for v in vals:
        if nxt:
            if v is None or "://" not in v and hits(v):
                return True
            nxt = False
        elif v in _PIP_FILE_OPTS:
            nxt = True
        elif v is None:
            return True
        elif v.startswith(("-r", "-c", "-e")) and len(v) > 2 and not v.startswith("--"):
            if hits(v[2:]):
                return True
        elif v.startswith(("--requirement=", "--constraint=", "--editable=", "--find-links=")):
            if hits(v.split("=", 1)[1]):
                return True
        elif not v.startswith("-") and (v.startswith((".", "/", "file:")) or v.endswith((".whl", ".tar.gz", ".zip"))
                                        and "://" not in v) and hits(v.removeprefix("file:")):
            return True
    return False


def _under(path: str, tree: str) -> bool:
    return path == tree or path.startswith(tree.rstrip("/") + "/") or tree.startswith(path.rstrip("/") + "/")


def redirects(view: ShellView) -> list[Redirect]:
    """The file redirections of the script in order, without descriptor
    duplications and closes (``2>&1``, ``>&-``): the files it writes or reads
    by redirection (``nodes.redirects`` has them all)."""
    return [r for r in nodes.redirects(view) if r.to_file]


def may_touch(view: ShellView, tree: str, cwd: str | None) -> str | None:
    """The first command of the script (its text) that may read or write files under the
    absolute directory ``tree`` when the script starts in ``cwd`` (None: unknown); None when
    no command can: each is a known command whose path operands and redirections resolve
    outside ``tree`` (package installs, account tools, ``rm -rf /var/lib/apt/lists/*``...)."""

    def hits(v: str | None, here: str | None) -> bool:
        if v is None:
            return True
        if "://" in v or v.startswith("/dev/"):
            return False
        if not v.startswith("/"):
            if here is None:
                return True
            v = posixpath.join(here, v)
        return _under(posixpath.normpath(v), tree)

    here = cwd
    for c in view.commands():
        text = " ".join(w.text for w in c.argv)
        base = c.name.rsplit("/", 1)[-1] if c.name else None
        if base is None:
            return text
        if base == "cd":
            args = [w.value for w in c.args]
            d = args[0] if len(args) == 1 else None
            here = None if d is None or here is None and not d.startswith("/") else \
                posixpath.normpath(posixpath.join(here or "/", d))
            continue
        if base in _NO_FILES:
            continue
        # a glob (/var/lib/apt/lists/*) has no single value: its text is the path pattern
        vals = [w.value if w.value is not None or re.search(r"[$`\\'\"]", w.text) else w.text for w in c.args]
        ops = [v for v in vals if v is None or not v.startswith("-")]
        if _PIP_NAME.match(base) or (re.match(r"python[\d.]*$", base) and [w.value for w in c.args[:2]] == ["-m", "pip"]):
            if _pip_touches(vals, lambda v: hits(v, here)):
                return text
            continue
        if base in _NAME_OPERANDS:
            if any(v is not None and v.startswith(("/", "./", "../")) and hits(v, here) for v in ops):
                return text
            continue
        if base not in _FILE_OPERANDS:
            return text
        if base in _FIRST_NOT_A_FILE:
            ops = ops[1:]
        if any(hits(v, here) for v in ops):
            return text
    for r in redirects(view):
        # (a relative target: the script's own cd may have moved it; then unknown)
        if hits(r.target, cwd if here == cwd else None):
            return r.node.text.decode("utf-8", "replace")
    return None


# -- where a command can go in front of another (apt-get update before an install) --------------------

# statement lists an update can go into (not a loop body: it would run on every pass)
STATEMENT_LISTS = {"program", "compound_statement", "subshell", "if_statement", "elif_clause", "else_clause", "case_item"}


def in_a_branch(view: ShellView, node: Node) -> bool:
    """Whether the statement ``node`` starts sits in a branch or group, not at the top of the script."""
    return statement_of(view, node).parent != view.root


def statement_of(view: ShellView, node: Node) -> Node:
    """The statement of a statement list that ``node`` starts (see ``statement_start``)."""
    n = node
    while n.parent is not None and n.parent.type not in STATEMENT_LISTS:
        n = n.parent
    return n


def statement_start(view: ShellView, node: Node) -> int | None:
    """Where ``node`` (a command) starts a statement of a statement list (the
    script, a ``then``/``else``/``do`` body, a group): ``apt-get update; `` put
    there runs exactly when the command would (in a branch: only then), and
    stops the RUN under errexit or leaves the install to fail on its own
    without it, as the install failing would."""
    n = node
    while n.parent is not None and n.parent.type not in STATEMENT_LISTS:
        p = n.parent
        if p.type not in ("list", "redirected_statement", "pipeline") or p.children[0] != n:
            return None
        n = p
    p = n.parent
    if p is None or p.type == "pipeline":
        return None
    if p.type in ("if_statement", "elif_clause"):
        kids = list(p.children)
        at = next((i for i, c in enumerate(kids) if c == n), -1)
        if not any(c.type == "then" for c in kids[:at]):
            return None  # the condition
    if p.type == "case_item" and not any(c.type == ")" for c in p.children[:list(p.children).index(n)]):
        return None
    return view.file_span(node)[0] if view.is_contiguous(node) else None


def before_in_and_chain(view: ShellView, node: Node) -> int | None:
    """Right before ``node`` when it is a top-level statement or a part of a top-level ``&&`` chain."""
    n = node
    while n.parent is not None and n.parent != view.root:
        p = n.parent
        if p.type == "redirected_statement" and p.children and p.children[0] == n:
            n = p
            continue
        if p.type != "list" or any(c.type != "&&" for c in p.children if not c.is_named):
            return None
        n = p
    return view.file_span(node)[0] if n.parent is not None and view.is_contiguous(node) else None


def later_in_body(guard: Node, node: Node) -> bool:
    """``node`` comes after the conditional update ``guard`` in the same branch
    body (``then apt-get update; apt-get install x; fi``): it runs after it."""
    body = guard.parent
    if body is None or body.type not in STATEMENT_LISTS or body.type == "program":
        return False
    return body.start_byte <= node.start_byte and node.end_byte <= body.end_byte and node.start_byte >= guard.end_byte


def or_follows(node: Node) -> bool:
    """``apt-get update || true``: the update may fail and the RUN go on (without fresh lists)."""
    n = node
    while n.parent is not None and n.parent.type in ("list", "redirected_statement"):
        kids = n.parent.children
        i = next(k for k, c in enumerate(kids) if c == n)
        if i + 1 < len(kids) and kids[i + 1].type == "||":
            return True
        n = n.parent
    return False

@dataclass(frozen=True, slots=True)
class Ending:
    """How a script ends: what a command appended to it (``... && x``) would follow.

    ``comment``: its last line is a shell comment (or it holds no statement);
    ``background``: its last statement runs in the background (``a &``);
    ``end``: the file offset where its last statement ends (None: no statement);
    ``last``: the rightmost simple command of that statement, through ``&&``/``||``
    lists, pipes, redirections and ``!`` (None: it is a group, a loop, a branch...);
    ``last_start``: the file offset where that rightmost part starts (a command,
    a group, a loop...); ``semicolon``: its last token (comments aside) is a ``;``
    operator (``a;``, not the ``\\;`` word of ``find -exec ... \\;``)."""

    comment: bool
    background: bool
    end: int | None
    last: SimpleCommand | None
    last_start: int | None
    semicolon: bool = False


_LEAF_THROUGH = ("list", "pipeline", "redirected_statement", "negated_command")


def ending(view: ShellView) -> Ending:
    """How the script ends (see :class:`Ending`), computed once per view."""
    got = view.memo.get("facts.ending")
    if got is None:
        got = view.memo["facts.ending"] = _ending(view)
    assert isinstance(got, Ending)
    return got


def _ending(view: ShellView) -> Ending:
    tokens = [c for c in view.root.children if c.type != "comment"]
    semicolon = bool(tokens) and tokens[-1].type == ";" and not tokens[-1].is_named
    stmts = [c for c in view.root.children if c.is_named]
    if not stmts or stmts[-1].type == "comment":
        return Ending(True, False, None, None, None, semicolon)
    last = stmts[-1]
    background = "&" in [c.type for c in view.root.children if c.start_byte >= last.end_byte]
    leaf = last
    while leaf.type in _LEAF_THROUGH:
        kids = [c for c in leaf.children if c.is_named and c.type not in ("comment", "file_redirect", "heredoc_redirect")]
        if not kids:
            break
        leaf = kids[-1] if leaf.type != "redirected_statement" else kids[0]
    return Ending(False, background, view.file_span(last)[1], view.command(leaf) if leaf.type == "command" else None,
                  view.file_span(leaf)[0], semicolon)


def script_end(view: ShellView) -> int | None:
    """The file offset where the script's last statement ends, when a command
    can follow it (``script; }``): not after a trailing comment or a ``&``."""
    e = ending(view)
    return None if e.comment or e.background else e.end


def has_comment(view: ShellView) -> bool:
    """Whether the script holds a shell comment (computed once per view)."""
    got = view.memo.get("facts.has_comment")
    if got is None:
        got = view.memo["facts.has_comment"] = any(n.type == "comment" for n in view.walk())
    return bool(got)


# -- what a script leaves in its shell, and where set -e would be lost (joining scripts) -----------------
_LEAK_SKIP = {"subshell", "command_substitution", "process_substitution"}  # their own shell: nothing leaks
_ARITH_ASSIGN = re.compile(r"(?<![=!<>])=(?!=)|\+\+|--|[-+*/%&|^]=")


def _set_is_harmless(cmd: SimpleCommand) -> bool:
    """``set -x`` / ``set -v`` / ``set +x`` only change tracing."""
    if not cmd.args:
        return False
    return all(w.value is not None and re.fullmatch(r"[-+][xv]+", w.value) for w in cmd.args)


def state_leak(view: ShellView, *, skip_first: bool = False) -> str | None:
    """Why running more commands after this script in the same shell could behave
    differently than in a fresh shell (it defines a function, sets a variable --
    also as a loop variable, by ``${x:=y}``, ``((x++))``, ``[[ =~ ]]``, ``printf -v``
    --, runs a state-changing builtin other than ``set -x``, or a command whose name
    is a variable); None when nothing leaks.  Unlike :func:`state_changes`, what runs
    in a subshell or a command substitution is left out (it cannot leak).
    ``skip_first``: the script's first statement is left out (a leading ``set`` the
    next script repeats).  Computed once per view and option."""
    key = ("state_leak", skip_first)
    memo = facts_of(view).memo
    if key not in memo:
        tops = view.top_statements()
        memo[key] = _state_leak(view, tops[0] if skip_first and tops else None)
    got = memo[key]
    return got if isinstance(got, str) else None


def _state_leak(view: ShellView, skip: Node | None) -> str | None:
    stack = [view.root]
    while stack:  # (the reason found first, right to left, is the one given)
        n = stack.pop()
        t = n.type
        if t in _LEAK_SKIP:
            continue
        if skip is not None and n.start_byte == skip.start_byte and n.end_byte == skip.end_byte and t == skip.type:
            continue
        why = _leak_of(view, n, t)
        if why is not None:
            return why
        stack.extend(n.children)
    return None


def _leak_of(view: ShellView, n: Node, t: str) -> str | None:
    if t == "function_definition":
        return "defines a shell function"
    if t in ("for_statement", "c_style_for_statement", "select_statement"):
        return "sets a loop variable"
    if t == "test_command" and "=~" in n.text.decode("utf-8", "replace"):
        return "sets BASH_REMATCH"
    if t in ("declaration_command", "unset_command"):
        return f"runs {n.children[0].type if n.children else t}"
    if t == "variable_assignment" and n.parent is not None and n.parent.type not in ("command",):
        return "sets a shell variable"
    if t == "expansion" and any(c.type in (":=", "=") for c in n.children):
        return "assigns a variable in ${...:=...}"
    if t == "arithmetic_expansion" or (t == "compound_statement" and n.children and n.children[0].type == "(("):
        if _ARITH_ASSIGN.search(n.text.decode("utf-8", "replace")):
            return "assigns a variable in ((...))"
    if t == "command":
        cmd = view.command(n)
        name = cmd.name
        if name is None:
            return "runs a command whose name is a variable"
        if changes_state(name) and not (name == "set" and _set_is_harmless(cmd)):
            return f"runs {name!r}, which changes the shell's state"
        if name == "printf" and any(w.value == "-v" for w in cmd.args):
            return "runs 'printf -v', which sets a variable"
    return None


_READERS = {"read", "mapfile", "readarray", "getopts"}


def _assigned_names(view: ShellView) -> frozenset[str]:
    out: set[str] = set()
    for n in view.walk():
        t = n.type
        if t == "variable_assignment" and n.parent is not None and n.parent.type != "command":
            out |= {c.text.decode("utf-8", "replace") for c in n.children if c.type == "variable_name"}
        elif t in ("declaration_command", "unset_command", "for_statement", "select_statement"):
            out |= {c.text.decode("utf-8", "replace") for c in n.children if c.type == "variable_name"}
            out |= {c.children[0].text.decode("utf-8", "replace") for c in n.children
                    if c.type == "variable_assignment" and c.children}
        elif t == "expansion" and any(c.type in (":=", "=") for c in n.children):
            out |= {c.text.decode("utf-8", "replace") for c in n.children if c.type == "variable_name"}
        elif t == "command":
            cmd = view.command(n)
            if cmd.name in _READERS or (cmd.name == "printf" and any(w.value == "-v" for w in cmd.args)):
                out |= {w.value for w in cmd.args if w.value and not w.value.startswith("-")}
    return frozenset(out)


def _used_names(view: ShellView) -> frozenset[str]:
    out: set[str] = set()
    for n in view.walk():
        if n.type != "variable_name":
            continue
        p = n.parent
        if p is not None and p.type == "variable_assignment" and (p.parent is None or p.parent.type != "declaration_command"):
            continue
        if p is not None and p.type in ("for_statement", "select_statement"):
            continue
        out.add(n.text.decode("utf-8", "replace"))
    return frozenset(out)


def leading_errexit_set(view: ShellView) -> tuple[str, ...] | None:
    """The options of the script's first statement when it is a literal ``set``
    that turns on errexit (``set -eux``, ``set -o errexit``); None otherwise."""
    memo = facts_of(view).memo
    if "leading_errexit_set" not in memo:
        memo["leading_errexit_set"] = _leading_errexit_set(view)
    got = memo["leading_errexit_set"]
    return got if isinstance(got, tuple) else None


def _leading_errexit_set(view: ShellView) -> tuple[str, ...] | None:
    from dockfix.shell.view import set_turns_on_errexit

    stmts = view.top_statements()
    if not stmts or stmts[0].type != "command":
        return None
    cmd = view.command(stmts[0])
    if cmd.name != "set" or not cmd.args or cmd.assignments:
        return None
    vals = [w.value for w in cmd.args]
    if any(v is None for v in vals):
        return None
    opts = tuple(v for v in vals if v is not None)
    return opts if set_turns_on_errexit(list(opts)) else None


def last_is_list_or_negation(view: ShellView) -> bool:
    """The script's last top-level statement is an ``&&``/``||`` list or a ``! cmd``
    (also redirected): under set -e, a failure inside it does not stop the shell."""
    stmts = view.top_statements()
    if not stmts:
        return False
    last = stmts[-1]
    if last.type in ("list", "negated_command"):
        return True
    return last.type == "redirected_statement" and bool(last.named_children) and \
        last.named_children[0].type in ("list", "negated_command")


_LOOPS = {"for_statement", "c_style_for_statement", "while_statement", "select_statement"}
_CONTAINERS = {"program", "subshell", "compound_statement", "command_substitution", "process_substitution",
               "do_group", "else_clause"}
_NOT_STATEMENTS = {"comment", "elif_clause", "else_clause", "heredoc_body", "word", "variable_name",
                   "extglob_pattern", "concatenation", "string", "raw_string"}


def _errexit_from(view: ShellView) -> int | None:
    """The byte of the script from which its own ``set`` (or an ERR trap, which the
    shell skips where it ignores set -e too) may turn errexit on; None: never."""
    for c in view.commands():
        if c.name == "trap" and any(w.value is None or w.value == "ERR" for w in c.args[1:]):
            return int(c.node.start_byte)
        if c.name != "set":
            continue
        for w in c.args:
            v = w.value
            if v is None or v == "errexit" or (v.startswith("-") and not v.startswith("--") and "e" in v[1:]):
                return int(c.node.start_byte)
    return None


def _statements(n: Node) -> list[Node]:
    """The statements a compound node runs one after another (conditions and
    case patterns left out)."""
    kids = list(n.children)
    t = n.type
    if t in ("if_statement", "elif_clause", "case_item"):
        sep = "then" if t != "case_item" else ")"
        at = next((k for k, c in enumerate(kids) if c.type == sep and not c.is_named), None)
        kids = [] if at is None else kids[at + 1:]
    elif t not in _CONTAINERS:
        return []
    return [c for c in kids if c.is_named and c.type not in _NOT_STATEMENTS]


def _is_literal_set(view: ShellView, n: Node) -> bool:
    """A `set` with literal options: it does not fail, so no `set -e` acts on it."""
    if n.type != "command":
        return False
    cmd = view.command(n)
    return cmd.name == "set" and all(w.value is not None for w in cmd.args)


def errexit_hazard(view: ShellView, *, on_at_start: bool, whole: bool) -> str | None:
    """What in the script (``whole``) or its last top-level statement would run
    differently once it sits left of ``&&``, where the shell ignores ``set -e``
    down to every command inside: a list of several commands (a failing one stops
    the shell under set -e), a loop (it stops at the first failing pass), ``eval``
    or ``source``.  Only what runs after set -e may be on counts: from the start
    (``on_at_start``: the SHELL has -e) or from the script's own ``set -e`` / ERR
    trap on; None when set -e is never on or nothing would change."""
    key = ("errexit_hazard", on_at_start, whole)
    memo = facts_of(view).memo
    if key not in memo:
        memo[key] = _errexit_hazard(view, on_at_start, whole) or ""
    got = memo[key]
    return got if isinstance(got, str) and got else None


def _errexit_hazard(view: ShellView, on_at_start: bool, whole: bool) -> str | None:
    on_from = 0 if on_at_start else _errexit_from(view)
    if on_from is None:
        return None
    if whole:
        node = view.root
    else:
        stmts = view.top_statements()
        if not stmts:
            return None
        node = stmts[-1]
    for n in view.walk(node):
        t = n.type
        if n.end_byte <= on_from:
            continue  # over before set -e is turned on
        if t in _LOOPS:
            return "a loop"
        if t == "command":
            name = view.command(n).name
            if name in ("eval", "source", "."):
                return f"'{name}'"
        elif any(not _is_literal_set(view, c) and c.end_byte > on_from for c in _statements(n)[:-1]):
            # a command followed by another one: set -e stops after it when it fails
            return "several commands in a row"
    return None

@dataclass(frozen=True, slots=True)
class Written:
    """A path a RUN's script writes: ``path`` as written (relative to the RUN's directory
    when it does not start with ``/``), ``tree`` True when a whole directory tree is
    written (an archive extracted, a repository cloned), ``how`` the command's text."""

    path: str
    tree: bool
    how: str


_EXTRACT_DIR_OPTS = {"unzip": ("-d",), "tar": ("-C", "--directory"), "bsdtar": ("-C",)}


def _option_value(vals: list[str | None], opts: tuple[str, ...]) -> str | None:
    """The value of the first of ``opts`` in ``vals`` (``-d DIR``, ``--directory=DIR``, ``-dDIR``)."""
    for k, v in enumerate(vals):
        if v is None:
            continue
        for o in opts:
            if (v == o or len(o) == 2 and re.fullmatch(r"-[A-Za-z]+" + o[1], v)) and k + 1 < len(vals):
                return vals[k + 1]  # (a short option may end a cluster: curl -fsSLo FILE)
            if o.startswith("--") and v.startswith(o + "="):
                return v.split("=", 1)[1]
    return None


def _written_by(c: SimpleCommand) -> Written | None:
    """What one command writes, when it is a fetch to a named file, an extraction to a
    named directory or a clone."""
    base = c.name.rsplit("/", 1)[-1] if c.name else None
    vals = c.arg_values()
    text = " ".join(w.text for w in c.argv)
    if base == "wget":
        out = _option_value(vals, ("-O", "--output-document"))
        return Written(out, False, text) if out and out != "-" else None
    if base == "curl":
        out = _option_value(vals, ("-o", "--output"))
        return Written(out, False, text) if out and out != "-" else None
    if base in _EXTRACT_DIR_OPTS:
        if base == "tar" and not any(v and (v in ("-x", "--extract", "--get") or re.fullmatch(r"-?[A-Za-z]*x[A-Za-z]*", v))
                                     for v in vals[:1] + [v for v in vals if v and v.startswith("-")]):
            return None
        out = _option_value(vals, _EXTRACT_DIR_OPTS[base])
        return Written(out or ".", True, text)
    if base == "git" and vals[:1] == ["clone"]:
        ops = [v for v in vals[1:] if v is None or not v.startswith("-")]
        # (options with a value: -b/--branch, --depth... make the operand count unreliable)
        if any(v in ("-b", "--branch", "--depth", "-o", "--origin", "-c", "--config", "--reference", "-j")
               for v in vals):
            ops = [v for k, v in enumerate(vals[1:], 1)
                   if (v is None or not v.startswith("-")) and vals[k - 1] not in
                   ("-b", "--branch", "--depth", "-o", "--origin", "-c", "--config", "--reference", "-j")]
        if len(ops) == 2 and ops[1]:
            return Written(ops[1], True, text)
        if len(ops) == 1 and ops[0]:
            name = ops[0].rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")
            return Written(name, True, text) if name else None
    return None


def written_files(view: ShellView) -> list[Written]:
    """The files and trees the script writes by name: output redirections (``> f``,
    ``>> f``), ``wget -O``/``curl -o`` downloads, archives extracted (``unzip -d``,
    ``tar -x -C``; without a directory: the RUN's directory), ``git clone``.  Paths are
    as written; a relative path is relative to the RUN's directory, and a script that
    runs ``cd`` gives nothing relative (its directory moves)."""
    moves = any(c.name in ("cd", "pushd", "popd") for c in view.commands())
    out: list[Written] = []
    for c in view.commands():
        w = _written_by(c)
        if w is not None:
            out.append(w)
    for r in nodes.redirects(view):
        target = r.dest_value
        if r.op in (">", ">>", ">|", "&>", "&>>") and target and not target.startswith("/dev/") \
                and not re.fullmatch(r"\d+|-", target):
            out.append(Written(target, False, r.node.text.decode("utf-8", "replace")))
    return [w for w in out if w.path.startswith("/") or not moves]


def removed_later(view: ShellView, after: int, paths: tuple[str, ...]) -> bool:
    """A recursive ``rm`` that starts after file offset ``after`` removes one of ``paths`` (as
    written: ``~/.cache/pip``, ``/var/cache/apk``), the directory or its contents (``dir/*``):
    what the command before left there does not stay in the layer."""
    want = {p.rstrip("/") for p in paths}
    for c in view.commands():
        if c.name != "rm" or c.start <= after:
            continue
        flags = [w.value or "" for w in c.argv[1:] if (w.value or w.text).startswith("-")]
        if not any(f == "--recursive" or (not f.startswith("--") and ("r" in f or "R" in f)) for f in flags):
            continue
        for w in c.argv[1:]:
            t = w.text.strip("\"'")
            if t.startswith("-"):
                continue
            for suffix in ("/*", "/"):
                t = t.removesuffix(suffix)
            if t in want:
                return True
    return False
