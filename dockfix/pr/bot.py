"""``dockfix pr``: the fixes as a branch (and a pull/merge request).

Runs inside a git work tree.  The Dockerfiles are read from HEAD, not from
the work tree; the branch is built with git plumbing (a temporary index,
``hash-object``/``update-index``/``write-tree``/``commit-tree``/
``update-ref``), so the user's work tree, index and current branch are never
touched.  One commit per transform, in a fixed order (the registry's order,
``pin-digest`` last), so each kind of change can be reviewed on its own.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dockfix.fixing.selection import add_arguments, overrides, parse_options, registry_flag_options, unknown_selector

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.fixing.edit import Finding
    from dockfix.fixing.registry import Transform

MARKER = "<!-- dockfix-pr -->"
DEFAULT_BRANCH = "dockfix/fixes"
FALLBACK_AUTHOR = ("dockfix", "dockfix@users.noreply.github.com")
HADOLINT_WIKI = "https://github.com/hadolint/hadolint/wiki/"
BUILDKIT_CHECKS = "https://docs.docker.com/reference/build-checks/"
MAX_PASSES = 3
ROW_LIMIT = 100  # rows per table in the PR body
MAX_BODY = 65536  # GitHub's limit for a pull request body
FILES_IN_COMMAND = 20  # more changed files than this: the command names the searched paths instead


class BotError(Exception):
    pass


def _err(msg: str) -> None:
    sys.stderr.write(msg + "\n")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dockfix pr",
        description="Commit dockfix's fixes to a branch (one commit per transform) built from HEAD, "
                    "without touching the work tree, the index or the current branch; optionally push it "
                    "and open or update a pull/merge request.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="limit to these files/directories (default: the whole repository)")
    p.add_argument("-C", dest="directory", metavar="DIR", help="run as if started in DIR")
    p.add_argument("--branch", default=DEFAULT_BRANCH, help=f"branch to create or update (default {DEFAULT_BRANCH})")
    add_arguments(p, "use this configuration file instead of the nearest one (read from HEAD)")
    p.add_argument("--pin", action="store_true", help="also pin base images to digests (pin-digest)")
    p.add_argument("--offline", action="store_true", help="pin-digest: use only the cache")
    p.add_argument("--refresh-pins", action="store_true", help="pin-digest: re-resolve existing tag@digest pins")
    p.add_argument("--insecure-registry", action="append", metavar="HOST", help="pin-digest: allow plain HTTP to this registry")
    p.add_argument("--author", metavar="'NAME <EMAIL>'", help="author and committer of the commits (default: git config)")
    p.add_argument("--dry-run", action="store_true", help="print the title and body; write nothing, push nothing")
    p.add_argument("--body-file", metavar="PATH", help="also write the Markdown body to PATH")
    p.add_argument("--push", action="store_true", help="push the branch (force-with-lease, updated in place)")
    p.add_argument("--remote", default="origin", help="remote to push to (default origin)")
    p.add_argument("--open", choices=["github", "gitlab"], help="open or update a pull/merge request (implies --push); "
                   "token from GITHUB_TOKEN / GITLAB_TOKEN")
    p.add_argument("--api-url", metavar="URL", help="REST API base URL (GitHub Enterprise: https://HOST/api/v3; GitLab: https://HOST/api/v4)")
    p.add_argument("--repo", metavar="OWNER/NAME", help="repository / project path on the forge (default: from the remote URL)")
    p.add_argument("--base", metavar="BRANCH", help="target branch of the PR (default: the current branch, else the forge's default)")
    p.add_argument("--verify", action="store_true", help="propose the unsafe fixes only where building and running the "
                   "image with each shows nothing unexpected, build and run every changed Dockerfile before and after "
                   "the fixes (dockfix verify --run; this RUNS the Dockerfiles' commands) and add the results to the body")
    p.add_argument("--builder", choices=["buildah", "podman", "docker"], help="builder for --verify (default: the first found)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    return p


# -- git ---------------------------------------------------------------------

_URL_CRED_RE = re.compile(r"(://)[^/@\s]+@")


def _scrub(s: str) -> str:
    """Remove credentials embedded in URLs from a message."""
    return _URL_CRED_RE.sub(r"\1***@", s)


class Git:
    def __init__(self, cwd: str):
        self.cwd = cwd
        env = dict(os.environ)
        # a hook (pre-commit) may have set these for the user's repository; we pass our own
        for k in ("GIT_INDEX_FILE", "GIT_WORK_TREE"):
            env.pop(k, None)
        env["GIT_TERMINAL_PROMPT"] = "0"
        env.setdefault("LC_ALL", "C")
        self.env = env

    def run(self, *args: str, input: bytes | None = None, env: dict | None = None, check: bool = True) -> bytes:
        e = self.env if env is None else {**self.env, **env}
        try:
            r = subprocess.run(["git", *args], cwd=self.cwd, input=input, capture_output=True, env=e)
        except FileNotFoundError:
            raise BotError("git is not installed") from None
        if check and r.returncode != 0:
            msg = r.stderr.decode("utf-8", "replace").strip() or f"exit {r.returncode}"
            raise BotError(_scrub(f"git {args[0]}: {msg}"))
        return r.stdout

    def ok(self, *args: str, env: dict | None = None) -> tuple[bool, str]:
        e = self.env if env is None else {**self.env, **env}
        r = subprocess.run(["git", *args], cwd=self.cwd, capture_output=True, env=e)
        return r.returncode == 0, r.stdout.decode("utf-8", "surrogateescape").strip()

    def text(self, *args: str, **kw) -> str:
        return self.run(*args, **kw).decode("utf-8", "surrogateescape").strip()


@dataclass
class Entry:
    path: str  # repository-relative, "/"-separated
    mode: str
    sha: str


def list_dockerfiles(git: Git, head: str, paths: list[str]) -> list[Entry]:
    """Dockerfiles tracked in HEAD (regular files only), optionally limited to
    ``paths`` (relative to the repository root; a file named explicitly counts
    whatever its name)."""
    from dockfix.app.discover import is_dockerfile_name

    explicit = {p for p in paths if p}
    if paths and "." not in paths:
        out = git.run("ls-tree", "-r", "-z", "--full-tree", head, "--", *[p + "/" if p.endswith("/") else p for p in paths])
    else:
        out = git.run("ls-tree", "-r", "-z", "--full-tree", head)
    found = []
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, _, path_b = rec.partition(b"\t")
        mode, typ, sha = meta.decode().split()
        path = path_b.decode("utf-8", "surrogateescape")
        if typ != "blob" or mode not in ("100644", "100755"):
            continue
        if is_dockerfile_name(path.rsplit("/", 1)[-1]) or path in explicit:
            found.append(Entry(path, mode, sha))
    return sorted(found, key=lambda e: e.path)


def root_relative(top: str, cwd: str, path: str) -> str:
    """``path`` (relative to ``cwd`` or absolute) relative to the repository root, "/"-separated."""
    full = os.path.normpath(os.path.join(cwd, path))
    rel = os.path.relpath(full, top)
    if rel == os.curdir:
        return "."
    if rel.startswith(os.pardir):
        raise BotError(f"{path}: outside the repository {top}")
    return rel.replace(os.sep, "/")


def read_blobs(git: Git, entries: list[Entry]) -> dict[str, bytes]:
    """Blob contents exactly as stored (no filters, no eol conversion)."""
    if not entries:
        return {}
    out = git.run("cat-file", "--batch", input="".join(e.sha + "\n" for e in entries).encode())
    res: dict[str, bytes] = {}
    pos = 0
    for e in entries:
        nl = out.index(b"\n", pos)
        header = out[pos:nl].split()
        size = int(header[2])
        res[e.path] = out[nl + 1 : nl + 1 + size]
        pos = nl + 1 + size + 1
    return res


def parse_author(s: str) -> tuple[str, str]:
    m = re.match(r"^\s*(.*?)\s*<([^<>]*)>\s*$", s or "")
    if not m or not m.group(1) or not m.group(2):
        raise BotError(f"--author must look like 'Name <email>', got {s!r}")
    return m.group(1), m.group(2)


def identity_env(git: Git, author: str | None) -> tuple[dict, str | None]:
    """Author/committer environment for commit-tree, and a note when falling back."""
    if author:
        name, email = parse_author(author)
        return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
                "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}, None
    env: dict = {}
    note = None
    for who in ("AUTHOR", "COMMITTER"):
        ok, _ = git.ok("var", f"GIT_{who}_IDENT")
        if not ok:
            env[f"GIT_{who}_NAME"], env[f"GIT_{who}_EMAIL"] = FALLBACK_AUTHOR
            note = f"no git identity configured; committing as {FALLBACK_AUTHOR[0]} <{FALLBACK_AUTHOR[1]}> (use --author)"
    return env, note


# -- the fixes ---------------------------------------------------------------


@dataclass
class Step:
    """One commit: one transform's fixes over all files."""

    transform: type[Transform]
    files: dict[str, int]  # path -> number of fixes
    texts: dict[str, str]  # path -> text after this step
    unsafe: int = 0
    commit: str | None = None

    @property
    def count(self) -> int:
        return sum(self.files.values())


@dataclass
class Outcome:
    entries: list[Entry]
    originals: dict[str, str]
    finals: dict[str, str]
    steps: list[Step]
    remaining: list[tuple[str, Finding]] = field(default_factory=list)  # (path, Finding)
    errors: list[str] = field(default_factory=list)  # path:line:col: error: ...
    internal: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    proofs: dict[str, dict] = field(default_factory=dict)  # path -> dockfix.verify.prove result (--verify)

    @property
    def changed_paths(self) -> list[str]:
        return [e.path for e in self.entries if self.finals.get(e.path) != self.originals.get(e.path)]


def transform_order(reg: dict) -> list[type[Transform]]:
    """The fixed order of commits: registry order (by code), pin-digest last."""
    ts = list(reg.values())
    return [t for t in ts if t.name != "pin-digest"] + [t for t in ts if t.name == "pin-digest"]


def _config_finder(explicit: str | None, top: str):
    from dockfix.fixing.config import ConfigFinder, Settings

    class RepoConfigFinder(ConfigFinder):
        """The nearest config inside the checked-out tree; nothing above it."""

        def _for_dir(self, d: str):
            if d != top and not d.startswith(top.rstrip(os.sep) + os.sep):
                return Settings()
            return super()._for_dir(d)

    return RepoConfigFinder(explicit)


def compute(git: Git, head: str, args, tree_dir: str) -> Outcome:
    """Run the transforms from inside the private checkout, so that paths in
    messages read like they do for ``dockfix`` run at the repository root."""
    old = os.getcwd()
    os.chdir(tree_dir)
    try:
        out = _compute(git, head, args, tree_dir)
    finally:
        os.chdir(old)
    prefix = tree_dir.rstrip(os.sep) + os.sep

    def clean(s):
        return s.replace(prefix, "") if isinstance(s, str) else s

    for _, f in out.remaining:
        f.message, f.refused = clean(f.message), clean(f.refused)
    out.notes = [clean(n) for n in out.notes]
    out.internal = [clean(n) for n in out.internal]
    return out


def _compute(git: Git, head: str, args, tree_dir: str) -> Outcome:
    from dockfix.fixing import registry

    reg = registry.load_all()
    for mod, err in registry.IMPORT_ERRORS.items():
        _err(f"dockfix pr: internal error: transform module {mod} failed to load: {err}")
    cli, notes = _cli_overrides(args, reg)
    entries = list_dockerfiles(git, head, args.root_paths)
    blobs = read_blobs(git, entries)
    finder = _config_finder(_config_path(args, tree_dir), tree_dir)
    out = Outcome(entries=[], originals={}, finals={}, steps=[], notes=notes)
    fixer = _Fixer(out, transform_order(reg))
    for e in entries:
        fixer.add(e, blobs[e.path], finder, cli, tree_dir)
    if getattr(args, "verify", False):
        fixer.prove(args)
    fixer.run()
    return out


def _cli_overrides(args, reg: dict) -> tuple[dict, list[str]]:
    """What the command line sets over the configuration, and notes about it (BotError: bad usage)."""
    extend = list(args.extend_select or [])
    try:
        options = parse_options(args.option)
    except ValueError as e:
        raise BotError(str(e)) from None
    notes: list[str] = []
    if args.pin:
        if "pin-digest" in reg:
            extend.append("pin-digest")
        else:
            notes.append("--pin: the pin-digest transform is not available in this dockfix; digests not pinned")
    registry_flag_options(args, options)
    why = unknown_selector(args, reg.values())
    if why:
        raise BotError(why)
    unsafe = args.unsafe_fixes
    if getattr(args, "verify", False) and unsafe is None:
        unsafe = True  # --verify: the unsafe fixes are candidates; only the proven ones are kept
    cli = overrides(args.select, extend if (args.extend_select is not None or extend) else None, args.ignore,
                    unsafe, options)
    return cli, notes


def _config_path(args, tree_dir: str) -> str | None:
    """--config: the committed version inside the checkout when there is one, else the file given."""
    if not args.config:
        return None
    config = os.path.join(args.cwd, args.config)
    try:
        inside: str | None = os.path.join(tree_dir, root_relative(args.top, args.cwd, args.config))
    except BotError:
        inside = None
    if inside and os.path.isfile(inside):
        return inside  # the committed version
    if not os.path.isfile(config):
        raise BotError(f"--config {args.config}: no such file")
    return config


class _Fixer:
    """Fixes the Dockerfiles of a checkout one transform at a time, so that every transform
    gets its own commit.

    All transforms at once tell which ones have something to do in a file (and what is left
    at the end); then each of those runs on its own, in the fixed order."""

    def __init__(self, out: Outcome, order: list[type[Transform]]):
        self.out = out
        self.order = order
        self.settings: dict[str, Any] = {}
        self.selected: dict[str, dict[str, Any]] = {}
        self.real: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.shared: dict = {}
        self.remaining: dict[str, list] = {}
        self.todo: dict[str, set[str]] = {}
        self.allowed: dict[str, set[str]] = {}  # --verify: path -> the unsafe transforms proven there

    def add(self, e: Entry, data: bytes, finder, cli: dict, tree_dir: str) -> None:
        """Take one Dockerfile (or record why it cannot be fixed)."""
        from dockfix.fixing.config import ConfigError, override
        from dockfix.fixing.engine import select_transforms
        from dockfix.syntax.cst import decode, parse

        out = self.out
        fs_path = os.path.join(*e.path.split("/"))  # relative to tree_dir, the current directory
        if b"\x00" in data[:8192]:
            out.errors.append(f"{e.path}:1:1: error: binary file (contains NUL bytes), not a Dockerfile")
            return
        try:
            s = override(finder.for_file(fs_path), **cli)
        except ConfigError as ce:
            rel = os.path.relpath(ce.path, tree_dir) if ce.path.startswith(tree_dir) else ce.path
            out.errors.append(f"{rel}:{ce.line}:{ce.col}: error: {ce.message}")
            return
        text = decode(data)
        doc = parse(text, fs_path)
        if doc.errors:
            pe = doc.errors[0]
            out.errors.append(f"{e.path}:{pe.line}:{pe.col}: error: {pe.message}")
            return
        out.entries.append(e)
        out.originals[e.path] = text
        self.settings[e.path] = s
        self.real[e.path] = fs_path
        self.selected[e.path] = {t.name: t for t in select_transforms(s, fs_path)}

    def run(self) -> None:
        out = self.out
        self.texts = dict(out.originals)
        for e in out.entries:
            self.survey(e.path)
        for _ in range(MAX_PASSES):
            if not self.todo:
                break
            for cls in self.order:
                self.step(cls)
            for path in list(self.todo):
                self.survey(path)
        for path in self.todo:
            out.internal.append(f"{path}: the transforms did not reach a fixed point after {MAX_PASSES} passes")
            self.remaining[path] = self._fix(path, list(self.selected[path].values())).remaining
        out.finals = self.texts
        for e in out.entries:
            out.remaining.extend((e.path, f) for f in self.remaining.get(e.path, ()))

    def _fix(self, path: str, transforms: list):
        from dockfix.fixing.edit import SAFE
        from dockfix.fixing.engine import fix_text

        accept = None
        if path in self.allowed:
            allowed = self.allowed[path]
            accept = lambda f, t: (f.fix is not None and f.fix.applicability >= SAFE) or f.name in allowed  # noqa: E731
        return fix_text(self.texts[path], self.real[path], self.settings[path], transforms, self.shared,
                        accept=accept)

    def prove(self, args) -> None:
        """--verify: per file, the unsafe transforms proven by build and run (the others are withheld)."""
        from dockfix.verify.prove import prove_file

        for e in self.out.entries:
            path = e.path
            if not args.quiet:
                _err(f"dockfix pr: proving the unsafe fixes of {path} (building and running it)")
            r = prove_file(self.real[path], context=os.path.dirname(os.path.abspath(self.real[path])),
                           builder=args.builder, settings=self.settings[path])
            self.allowed[path] = {k["name"] for k in r["kept"]}
            if r["kept"] or r["dropped"] or r["status"] == "error":
                self.out.proofs[path] = r
            if not args.quiet and (r["kept"] or r["dropped"]):
                _err(f"dockfix pr: {path}: {r['summary']}")

    def survey(self, path: str) -> None:
        """All the file's transforms at once: which have something to do, or what is left."""
        res = self._fix(path, list(self.selected[path].values()))
        self.note_messages(path, res)
        if res.changed:
            self.todo[path] = {f.name for f in res.applied}
        else:
            self.todo.pop(path, None)
            self.remaining[path] = res.remaining

    def step(self, cls) -> None:
        """One transform over every file that needs it: a Step (a commit) when it changed any."""
        from dockfix.fixing.edit import SAFE

        files: dict[str, int] = {}
        new: dict[str, str] = {}
        unsafe = 0
        for e in self.out.entries:
            if cls.name not in self.todo.get(e.path, ()):
                continue
            res = self._fix(e.path, [self.selected[e.path][cls.name]])
            self.note_messages(e.path, res)
            if res.changed and res.parse_error is None:
                new[e.path] = res.output
                files[e.path] = len(res.applied)
                unsafe += sum(1 for f in res.applied if f.fix is not None and f.fix.applicability < SAFE)
        if new:
            self.texts.update(new)
            self.out.steps.append(Step(cls, files, dict(self.texts), unsafe))

    def note_messages(self, path: str, res) -> None:
        for msg in res.errors:
            line = f"{path}: {msg}"
            if line not in self.out.internal:
                self.out.internal.append(line)
        for n in res.notes:
            line = f"{path}: {n}"
            if line not in self.out.notes:
                self.out.notes.append(line)


# -- the text ----------------------------------------------------------------


def _lcfirst(s: str) -> str:
    if len(s) > 1 and s[0].isupper() and not s[1].isupper():
        return s[0].lower() + s[1:]
    return s


def commit_subject(cls) -> str:
    custom = getattr(cls, "commit_message", None)
    if custom:
        return custom if ":" in custom.split(" ", 1)[0] else f"fix(docker): {custom}"
    summary = re.sub(r"\s*\([^()]*\)$", "", cls.summary.strip().rstrip("."))  # drop a trailing "(details)"
    return f"fix(docker): {_lcfirst(summary)}"


def commit_message(step: Step) -> str:
    cls = step.transform
    codes = ", ".join([cls.code, *cls.hadolint, *cls.buildkit])
    lines = [commit_subject(cls), "", f"dockfix transform {cls.name} ({codes}):"]
    for path, n in sorted(step.files.items()):
        lines.append(f"- {path}: {n} fix{'es' if n != 1 else ''}")
    if step.unsafe:
        lines += ["", f"{step.unsafe} of these fixes are marked unsafe (applied with --unsafe-fixes); review them."]
    return "\n".join(lines) + "\n"


def _section(explanation: str, label: str) -> str:
    """The paragraph of an explanation that starts with ``label:``."""
    m = re.search(rf"(?ms)^{label}:\s*(.*?)(?=^\s*(?:What|Why|Example|Fix safety):|\Z)", explanation or "")
    return " ".join(m.group(1).split()) if m else ""


def links_for(cls) -> list[tuple[str, str]]:
    out = []
    for code in cls.hadolint:
        if code.upper().startswith("DL"):
            out.append((f"hadolint {code}", HADOLINT_WIKI + code.upper()))
        elif code.upper().startswith("SC"):
            out.append((f"ShellCheck {code}", f"https://www.shellcheck.net/wiki/{code.upper()}"))
    for check in cls.buildkit:
        slug = re.sub(r"(?<!^)(?=[A-Z])", "-", check).lower()
        out.append((f"BuildKit check {check}", BUILDKIT_CHECKS + slug + "/"))
    for url in cls.links:
        if all(url != u for _, u in out):
            label = "Docker docs" if "docs.docker.com" in url else url.split("//", 1)[-1].split("/", 1)[0]
            out.append((label, url))
    return out


def _md(s: str) -> str:
    """Text safe in a Markdown table cell."""
    return " ".join(str(s).split()).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _code(s: str) -> str:
    s = " ".join(str(s).split())
    fence = "``" if "`" in s else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{s}{pad}{fence}".replace("|", "\\|")


def diffstat(originals: dict[str, str], finals: dict[str, str]) -> list[tuple[str, int, int]]:
    """(path, added, removed) per changed file, read back from the unified diff with unidiff."""
    from unidiff import PatchSet

    from dockfix.fixing.diff import unified

    text = "".join(unified(originals[p], finals[p], p) for p in sorted(finals) if finals[p] != originals[p])
    if not text:
        return []
    rows = []
    for pf in PatchSet(text):
        path = pf.path
        rows.append((path, pf.added, pf.removed))
    return rows


def why_not_fixed(f, unsafe_enabled: bool) -> str:
    from dockfix.fixing.edit import DISPLAY_ONLY, SAFE, UNSAFE

    if f.refused:
        return f"refused: {f.refused}"
    if f.fix is None:
        return "no automatic fix"
    if f.fix.applicability == DISPLAY_ONLY:
        return "display-only suggestion (never applied automatically)" + (f": {f.fix.message}" if f.fix.message else "")
    if f.fix.applicability == UNSAFE and not unsafe_enabled:
        return "unsafe fix: review it and apply with `--unsafe-fixes`"
    if f.fix.applicability >= SAFE or unsafe_enabled:
        return "the fix conflicts with another fix or was dropped as unsound"
    return "not applied"


def reproduce_command(args, paths: list[str], mode: str | None = "--fix") -> str:
    cmd = ["dockfix", mode] if mode else ["dockfix"]
    proving = mode == "--fix" and getattr(args, "verify", False) and args.unsafe_fixes is not False
    if args.unsafe_fixes or proving:
        cmd.append("--unsafe-fixes")
    elif args.unsafe_fixes is False:
        cmd.append("--no-unsafe-fixes")
    if proving:
        cmd.append("--verify")
    for flag, vals in (("--select", args.select), ("--extend-select", args.extend_select), ("--ignore", args.ignore)):
        if vals is not None:
            cmd += [flag, ",".join(vals)]
    for kv in args.option or []:
        cmd += ["--option", kv]
    if args.pin:
        cmd.append("--pin")
    if args.offline:
        cmd.append("--offline")
    if args.refresh_pins:
        cmd.append("--refresh-pins")
    for host in args.insecure_registry or []:
        cmd += ["--insecure-registry", host]
    if args.config:
        cmd += ["--config", getattr(args, "config_display", args.config)]
    if any(p.startswith("-") for p in paths):
        cmd.append("--")
    cmd += paths
    return shlex.join(cmd)


def pr_command(args) -> str:
    cmd = ["dockfix", "pr", "--dry-run"]
    if args.branch != DEFAULT_BRANCH:
        cmd += ["--branch", args.branch]
    rest = shlex.split(reproduce_command(args, [], None))[1:]
    cmd += rest
    if args.root_paths:
        cmd += ["--", *args.root_paths]
    return shlex.join(cmd)


def title_for(out: Outcome) -> str:
    n = sum(s.count for s in out.steps)
    files = len(out.changed_paths)
    kinds = {s.transform.name for s in out.steps}
    if len(kinds) == 1:
        return commit_subject(out.steps[0].transform)
    return f"fix(docker): {n} dockfix fix{'es' if n != 1 else ''} in {files} Dockerfile{'s' if files != 1 else ''}"


def fit_body(out: Outcome, args, unsafe_enabled: bool, max_chars: int) -> str:
    """The body, with shorter tables when needed to fit the forge's limit (GitHub: 65,536 characters)."""
    for limit in (ROW_LIMIT, 50, 20, 5, 0):
        body = render_body(out, args, unsafe_enabled, min(limit, ROW_LIMIT))
        if len(body) <= max_chars:
            return body
    note = "\n\n*(truncated: run the commands under “Reproduce locally” to see everything)*\n"
    cut = body[: max_chars - len(note)]
    return cut[: cut.rfind("\n")] + note


def render_body(out: Outcome, args, unsafe_enabled: bool, limit: int | None = None) -> str:
    row_limit = globals()["ROW_LIMIT"] if limit is None else limit
    lines = [MARKER, ""]
    lines += _body_intro(out)
    lines += _body_summary(out, row_limit)
    lines += _body_why(out)
    if out.proofs:
        lines += _body_proofs(out)
    if out.remaining or out.errors or out.internal:
        lines += _body_not_fixed(out, args, unsafe_enabled, row_limit)
    changed = out.changed_paths
    targets = changed if len(changed) <= FILES_IN_COMMAND else (args.root_paths or ["."])
    lines += ["", "### Reproduce locally", "", "From the repository root, on the base branch:", "", "```sh",
              reproduce_command(args, targets, "--diff") + "   # show the changes",
              reproduce_command(args, targets, "--fix") + "    # apply them",
              pr_command(args) + "   # this text",
              "```", "", "<sub>Generated by dockfix; rerunning it updates this branch in place.</sub>"]
    return "\n".join(lines) + "\n"


def _body_intro(out: Outcome) -> list[str]:
    n = sum(s.count for s in out.steps)
    changed = out.changed_paths
    unsafe = sum(s.unsafe for s in out.steps)
    lines = [f"dockfix found **{n} fix{'es' if n != 1 else ''}** in **{len(changed)} "
             f"Dockerfile{'s' if len(changed) != 1 else ''}** and committed them one commit per transform, "
             "so each kind of change can be reviewed (or reverted) on its own."]
    if unsafe and out.proofs:
        lines += ["", f"> [!NOTE]\n> {unsafe} of these fixes are marked **unsafe**: each was kept only because building "
                  "and running the image with it showed nothing unexpected (see *Proven by build and run*). "
                  "Review them all the same."]
    elif unsafe:
        lines += ["", f"> [!WARNING]\n> {unsafe} of these fixes are marked **unsafe** (applied because of `--unsafe-fixes`): "
                  "they can change the build's behaviour. Review them closely."]
    else:
        lines += ["", "Every fix here is marked *safe*: it keeps the build's behaviour, and untouched lines stay byte-identical."]
    return lines


def _body_summary(out: Outcome, row_limit: int) -> list[str]:
    """The fixes per file and transform, and the lines changed per file."""
    lines = ["", "### Summary", "", "| File | Transform | Fixes |", "|---|---|--:|"]
    rows = [(path, s.transform, c) for s in out.steps for path, c in sorted(s.files.items())]
    for path, cls, c in rows[:row_limit]:
        lines.append(f"| {_code(path)} | {_code(cls.name)} ({_md(', '.join([cls.code, *cls.hadolint]))}) | {c} |")
    if len(rows) > row_limit:
        lines.append(f"| …and {len(rows) - row_limit} more | | |")
    lines += ["", "### Changes per file", "", "| File | Added | Removed |", "|---|--:|--:|"]
    stats = diffstat(out.originals, out.finals)
    for path, a, r in stats[:row_limit]:
        lines.append(f"| {_code(path)} | +{a} | -{r} |")
    if len(stats) > row_limit:
        rest = stats[row_limit:]
        lines.append(f"| …and {len(rest)} more files | +{sum(a for _, a, _ in rest)} | -{sum(r for _, _, r in rest)} |")
    return lines


def _body_proofs(out: Outcome) -> list[str]:
    """--verify: which unsafe transforms were proven (and how), which were withheld (and why)."""
    lines = ["", "### Proven by build and run", "",
             "Each unsafe transform was applied on its own on top of the safe fixes, the image built and its "
             "program run (its ENTRYPOINT/CMD, or a child image for a base image) beside the original's; it is "
             "proposed only when both built, no file or config differs unexpectedly and the program runs alike.", ""]
    for path, r in out.proofs.items():
        if r.get("status") == "error":
            lines.append(f"- {_code(path)}: not proven ({_md(r.get('summary', ''))}); its unsafe fixes are withheld")
            continue
        for k in r["kept"]:
            lines.append(f"- {_code(path)}: ✅ {_code(k['name'])}: {_md(k['how'])}")
        for d in r["dropped"]:
            lines.append(f"- {_code(path)}: ❌ {_code(d['name'])} withheld: {_md(d['reason'])}")
    return lines


def _withheld(out: Outcome, path: str, name: str) -> str | None:
    for d in (out.proofs.get(path) or {}).get("dropped", ()):
        if d["name"] == name:
            return f"unsafe fix not proven by build and run: {d['reason']}"
    r = out.proofs.get(path)
    if r is not None and r.get("status") == "error":
        return f"unsafe fix not proven: {r.get('summary')}"
    return None


def _body_why(out: Outcome) -> list[str]:
    """Each transform's reason, fix safety, links and commit subject."""
    lines = ["", "### Why"]
    seen: set[str] = set()
    for s in out.steps:
        cls = s.transform
        if cls.name in seen:
            continue
        seen.add(cls.name)
        lines += ["", f"#### {_code(cls.name)}: {_md(cls.summary)}", ""]
        why = _section(cls.explanation, "Why")
        if why:
            lines.append(why)
        safety = _section(cls.explanation, "Fix safety")
        if safety:
            lines += ["", f"*Fix safety:* {safety}"]
        links = links_for(cls)
        if links:
            lines += ["", "Links: " + " · ".join(f"[{_md(label)}]({url})" for label, url in links)]
        lines += ["", f"Commit: {_code(commit_subject(cls))}"]
    return lines


def _body_not_fixed(out: Outcome, args, unsafe_enabled: bool, row_limit: int) -> list[str]:
    """Findings left (grouped, then all of them folded), skipped files and withheld fixes."""
    lines = ["", "### Found but not fixed", ""]
    if out.remaining:
        groups: dict[tuple[str, str], int] = {}
        for _path, f in out.remaining:
            key = (f.name, _withheld(out, _path, f.name) or why_not_fixed(f, unsafe_enabled))
            groups[key] = groups.get(key, 0) + 1
        lines += ["| Transform | Why not fixed | Findings |", "|---|---|--:|"]
        for (name, why), c in sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"| {_code(name)} | {_md(why)} | {c} |")
        lines += ["", f"<details><summary>All {len(out.remaining)} findings</summary>", "",
                  "| File | Line | Transform | Finding | Why not fixed |", "|---|--:|---|---|---|"]
        for path, f in out.remaining[:row_limit]:
            why = _withheld(out, path, f.name) or why_not_fixed(f, unsafe_enabled)
            lines.append(f"| {_code(path)} | {f.line} | {_code(f.name)} | {_md(f.message)} | {_md(why)} |")
        if len(out.remaining) > row_limit:
            lines += ["", f"…and {len(out.remaining) - row_limit} more: run {_code(reproduce_command(args, args.root_paths or ['.'], None))} to see them all."]
        lines += ["", "</details>"]
    if out.errors:
        lines += ["", "Files that were skipped:", ""]
        lines += [f"- {_code(e)}" for e in out.errors[:row_limit]]
    if out.internal:
        lines += ["", "Fixes dockfix withheld because they failed its own checks (please report them):", ""]
        lines += [f"- {_md(e)}" for e in out.internal[:row_limit]]
    return lines


# -- branch, push, forge ----------------------------------------------------


def build_commits(git: Git, head: str, out: Outcome, index_file: str, ident: dict) -> str:
    """Write the commits on top of ``head`` into the object store; return the tip."""
    import tempfile

    from dockfix.syntax.cst import encode

    env = {"GIT_INDEX_FILE": index_file}
    git.run("read-tree", head, env=env)
    modes = {e.path: e.mode for e in out.entries}
    parent = head
    with tempfile.TemporaryDirectory(prefix="dockfix-blobs-") as blobs:
        for n, step in enumerate(out.steps):
            paths = sorted(step.files)
            # the blobs, byte for byte (no clean filters, no eol conversion), in one process
            names = []
            for i, path in enumerate(paths):
                name = os.path.join(blobs, f"{n}-{i}")
                with open(name, "wb") as f:
                    f.write(encode(step.texts[path]))
                names.append(name)
            shas = git.text("hash-object", "-w", "--no-filters", "--stdin-paths", input="".join(x + "\n" for x in names).encode()).split()
            if len(shas) != len(paths):
                raise BotError("git hash-object returned an unexpected answer")
            info = b"".join(f"{modes[p]} {sha}\t".encode() + p.encode("utf-8", "surrogateescape") + b"\0" for p, sha in zip(paths, shas, strict=True))
            git.run("update-index", "-z", "--index-info", input=info, env=env)
            tree = git.text("write-tree", env=env)
            parent = git.text("commit-tree", tree, "-p", parent, "-F", "-", input=commit_message(step).encode("utf-8", "surrogateescape"),
                              env={**env, **ident})
            step.commit = parent
    return parent


def branch_is_checked_out(git: Git, ref: str) -> str | None:
    ok, text = git.ok("worktree", "list", "--porcelain")
    if not ok:
        return None
    wt = None
    for line in text.splitlines():
        if line.startswith("worktree "):
            wt = line[9:]
        elif line == f"branch {ref}":
            return wt or "?"
    return None


def update_branch(git: Git, ref: str, head: str, tip: str, n_commits: int) -> tuple[str, str]:
    """Point ``ref`` at ``tip`` unless it already holds the same result; (sha, created/updated/unchanged)."""
    ok, old = git.ok("rev-parse", "-q", "--verify", ref + "^{commit}")
    if ok and old:
        same_tree = git.text("rev-parse", old + "^{tree}") == git.text("rev-parse", tip + "^{tree}")
        on_head = git.ok("merge-base", "--is-ancestor", head, old)[0]
        count = git.text("rev-list", "--count", old, "^" + head) if on_head else ""
        if same_tree and on_head and count == str(n_commits):
            return old, "unchanged"
        git.run("update-ref", "-m", "dockfix pr: update", ref, tip, old)
        return tip, "updated"
    git.run("update-ref", "-m", "dockfix pr: create", ref, tip, "0" * 40)
    return tip, "created"


def push(git: Git, remote: str, branch: str, sha: str) -> str:
    ref = f"refs/heads/{branch}"
    out = git.text("ls-remote", remote, ref)
    remote_sha = ""
    for line in out.splitlines():
        s, _, name = line.partition("\t")
        if name == ref:
            remote_sha = s
    if remote_sha == sha:
        return "up to date"
    git.run("push", "--quiet", "--no-verify", f"--force-with-lease={ref}:{remote_sha}", remote, f"{sha}:{ref}")
    return "updated" if remote_sha else "created"


def forge_target(git: Git, args) -> tuple[str, str | None]:
    """(repository path on the forge, host) from --repo, CI variables or the remote URL."""
    from dockfix.pr.forge import parse_remote_url

    host = None
    ok, url = git.ok("remote", "get-url", args.remote)
    parsed = parse_remote_url(url) if ok and url else None
    if parsed:
        host = parsed[0]
    if args.repo:
        return args.repo.strip("/"), host
    env_repo = os.environ.get("GITHUB_REPOSITORY" if args.open == "github" else "CI_PROJECT_PATH")
    if env_repo:
        return env_repo, host
    if parsed:
        return parsed[1], host
    raise BotError(f"cannot tell the {args.open} repository from remote {args.remote!r}: give --repo OWNER/NAME")


# -- main --------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        return run(args)
    except BotError as e:
        _err(f"dockfix pr: error: {e}")
        return 2
    except KeyboardInterrupt:
        _err("dockfix pr: interrupted")
        return 130
    except OSError as e:
        _err(f"dockfix pr: error: {e.strerror or e}" + (f": {e.filename}" if getattr(e, "filename", None) else ""))
        return 2


def verify_changes(out: Outcome, args, tree_dir: str, tmp: str) -> tuple[str, bool]:
    """Build each changed file before and after (``dockfix verify``); a
    Markdown section for the body, and whether anything unexpected showed."""
    from dockfix.verify.command import markdown_summary, verify_paths

    parts = ["", "", "### Verification (`dockfix verify`)", ""]
    failed = False
    for path in out.changed_paths:
        original = os.path.join(tree_dir, path)
        fixed = os.path.join(tmp, "verify", path + ".fixed")
        os.makedirs(os.path.dirname(fixed), exist_ok=True)
        with open(fixed, "wb") as f:
            f.write(out.finals[path].encode("utf-8", "surrogateescape"))
        expect = [s.transform.name for s in out.steps if path in s.files]
        if not args.quiet:
            _err(f"dockfix pr: verifying {path} (building it before and after)")
        r = verify_paths(original, fixed, context=os.path.dirname(original), builder=args.builder, expect=expect,
                         run=True)
        if r.get("exit_code") == 1:
            failed = True
        if not args.quiet:
            _err(f"dockfix pr: {path}: {r.get('summary')}")
        parts += [f"#### {_code(path)}", "", markdown_summary(r), ""]
    return "\n".join(parts) + "\n", failed


def run(args) -> int:
    import shutil
    import tempfile

    repo = _open_repository(args)
    forge = _prepare(args, repo)
    tmp = tempfile.mkdtemp(prefix="dockfix-pr-")
    try:
        tree_dir = _private_checkout(repo, tmp)
        out = compute(Git(repo.top), repo.head, args, os.path.realpath(tree_dir))
        _print_messages(out, args)
        status = 2 if out.errors else 0
        if not out.steps:
            _nothing_to_fix(out, args)
            return status
        title, body, failed = _title_and_body(out, args, forge, tree_dir, tmp)
        if failed:
            status = max(status, 1)
        if args.dry_run:
            sys.stdout.write(f"{title}\n\n{body}")
            return status
        sha = _commit(repo, args, out, tmp)
        if args.push:
            result = push(repo.git, args.remote, args.branch, sha)
            if not args.quiet:
                print(f"dockfix pr: pushed {args.branch} to {args.remote}: {result}")
        if forge is not None:
            _open_request(forge, repo, args, title, body)
        return status
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@dataclass
class _Repository:
    """The repository ``dockfix pr`` works on, and the branch it writes."""

    cwd: str
    git: Git
    top: str
    head: str
    current_ref: str | None
    ref: str  # refs/heads/<--branch>


def _open_repository(args) -> _Repository:
    """The work tree, HEAD and the target branch, checked (BotError says what is wrong)."""
    cwd = os.path.abspath(args.directory or ".")
    if not os.path.isdir(cwd):
        raise BotError(f"no such directory: {args.directory}")
    git = Git(cwd)
    ok, top = git.ok("rev-parse", "--show-toplevel")
    if not ok or not top:
        raise BotError("not inside a git work tree")
    ok, head = git.ok("rev-parse", "-q", "--verify", "HEAD^{commit}")
    if not ok:
        raise BotError("the repository has no commits yet (HEAD does not exist)")
    ok, current = git.ok("symbolic-ref", "-q", "HEAD")
    current_ref = current if ok else None
    ok, _ = git.ok("check-ref-format", f"refs/heads/{args.branch}")
    if not ok or not args.branch:
        raise BotError(f"not a valid branch name: {args.branch!r}")
    ref = f"refs/heads/{args.branch}"
    if ref == current_ref:
        raise BotError(f"{args.branch} is the current branch; dockfix pr never moves it (choose another --branch)")
    if not args.dry_run:
        where = branch_is_checked_out(git, ref)
        if where is not None:
            raise BotError(f"{args.branch} is checked out in the work tree {where}; dockfix pr never moves it")
    return _Repository(cwd, git, top, head, current_ref, ref)


def _prepare(args, repo: _Repository):
    """The forge to open the request on (None: none), and the paths of ``args`` made relative
    to the repository root (``args.cwd``, ``args.top``, ``args.root_paths``, ``args.config_display``)."""
    from dockfix.pr.forge import make_forge

    cwd = repo.cwd
    if args.open:
        args.push = True
    forge = None
    if args.open and not args.dry_run:
        from dockfix.pr.forge import FORGES

        token = os.environ.get(FORGES[args.open].token_env, "")
        if not token:
            raise BotError(f"--open {args.open} needs a token in {FORGES[args.open].token_env}")
        name, host = forge_target(repo.git, args)
        forge = make_forge(args.open, name, api_url=args.api_url, token=token, host=host)
    if args.body_file:
        args.body_file = os.path.join(cwd, args.body_file)
    args.cwd, args.top = os.path.realpath(cwd), os.path.realpath(repo.top)
    args.root_paths = [root_relative(args.top, os.path.realpath(cwd), p) for p in args.paths]
    if args.config:
        try:
            args.config_display = root_relative(args.top, os.path.realpath(cwd), args.config)
        except BotError:
            args.config_display = os.path.abspath(os.path.join(cwd, args.config))
    return forge


def _private_checkout(repo: _Repository, tmp: str) -> str:
    """A checkout of HEAD under ``tmp`` (for configuration and build contexts): temporary index, own work tree."""
    tree_dir = os.path.join(tmp, "tree")
    os.mkdir(tree_dir)
    idx = os.path.join(tmp, "checkout.index")
    repo.git.run("read-tree", repo.head, env={"GIT_INDEX_FILE": idx})
    repo.git.run("--work-tree", tree_dir, "checkout-index", "-a", "-f", env={"GIT_INDEX_FILE": idx})
    return tree_dir


def _print_messages(out: Outcome, args) -> None:
    for e in out.errors:
        _err(e)
    for e in out.internal:
        _err(f"{e.split(':', 1)[0]}: internal error: {e.split(': ', 1)[1] if ': ' in e else e}")
    if not args.quiet:
        for n in out.notes:
            _err(f"note: {n}")


def _nothing_to_fix(out: Outcome, args) -> None:
    if args.quiet:
        return
    msg = f"dockfix pr: nothing to fix in {len(out.entries)} Dockerfile{'s' if len(out.entries) != 1 else ''}"
    if out.remaining:
        msg += f" ({len(out.remaining)} finding{'s' if len(out.remaining) != 1 else ''} left that dockfix does not fix)"
    print(msg + "; no branch created.")


def _title_and_body(out: Outcome, args, forge, tree_dir: str, tmp: str) -> tuple[str, str, bool]:
    """The request's title and body (with the verification, if asked; written to --body-file),
    and whether the verification failed."""
    unsafe_enabled = bool(args.unsafe_fixes) or any(s.unsafe for s in out.steps)
    title = title_for(out)
    max_body = forge.max_body if forge is not None else MAX_BODY
    verification, failed = "", False
    if getattr(args, "verify", False):
        verification, failed = verify_changes(out, args, tree_dir, tmp)
    body = fit_body(out, args, unsafe_enabled, max_body - len(verification))
    if verification:
        cut = body.rfind("\n<sub>Generated by dockfix")
        body = body + verification if cut == -1 else body[:cut] + verification.rstrip("\n") + "\n" + body[cut:]
    if args.body_file:
        with open(args.body_file, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(body)
    return title, body, failed


def _commit(repo: _Repository, args, out: Outcome, tmp: str) -> str:
    """One commit per step on the branch; its new tip."""
    ident, note = identity_env(repo.git, args.author)
    if note and not args.quiet:
        _err(f"note: {note}")
    tip = build_commits(repo.git, repo.head, out, os.path.join(tmp, "commit.index"), ident)
    sha, state = update_branch(repo.git, repo.ref, repo.head, tip, len(out.steps))
    if not args.quiet:
        what = "already up to date at" if state == "unchanged" else f"{state} at"
        print(f"dockfix pr: branch {args.branch} {what} {sha[:12]} ({len(out.steps)} commit{'s' if len(out.steps) != 1 else ''}, "
              f"{sum(s.count for s in out.steps)} fixes in {len(out.changed_paths)} files)")
    return sha


def _open_request(forge, repo: _Repository, args, title: str, body: str) -> None:
    from dockfix.pr.forge import ForgeError

    current_ref = repo.current_ref
    base = args.base or (current_ref[len("refs/heads/"):] if current_ref and current_ref.startswith("refs/heads/") else None)
    try:
        pr = forge.open_or_update(args.branch, base, title, body)
    except ForgeError as e:
        raise BotError(str(e)) from None
    if not args.quiet:
        kind = "pull request" if args.open == "github" else "merge request"
        print(f"dockfix pr: {'opened' if pr.created else 'updated'} {kind} #{pr.number}: {pr.url}")
