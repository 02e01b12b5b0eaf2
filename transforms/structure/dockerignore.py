"""Whole-context COPY/ADD -> make sure .dockerignore keeps secrets and junk out."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import UNSAFE, Finding, Fix
from dockfix.fixing.registry import Transform

# (pattern to add, what it must exist as in the context to be worth adding, why)
_ENTRIES = [
    (".git", (".git",), "version-control history"),
    (".env", (".env",), "local environment secrets"),
    (".env.*", (".env.*",), "local environment secrets"),
    ("**/*.pem", ("*.pem",), "private keys and certificates"),
    ("**/*.key", ("*.key",), "private keys"),
    ("**/id_rsa*", ("id_rsa*",), "SSH keys"),
    ("**/id_ed25519*", ("id_ed25519*",), "SSH keys"),
    ("**/node_modules", ("node_modules",), "dependencies the image installs itself"),
    ("**/__pycache__", ("__pycache__",), "Python bytecode caches"),
    ("**/*.pyc", ("*.pyc",), "Python bytecode"),
    (".venv", (".venv",), "a local virtual environment"),
    ("**/.pytest_cache", (".pytest_cache",), "test caches"),
    ("target", ("target",), "build output the image builds itself"),
    ("dist", ("dist",), "build output the image builds itself"),
    ("docker-compose*.yml", ("docker-compose*.yml",), "compose files"),
    ("docker-compose*.yaml", ("docker-compose*.yaml",), "compose files"),
    ("compose*.yml", ("compose.yml", "compose.*.yml"), "compose files"),
    ("compose*.yaml", ("compose.yaml", "compose.*.yaml"), "compose files"),
]
# files that look like credentials and would be sent with the context
_SECRET_FILES = (".env", ".env.*", "*.pem", "*.key", "id_rsa", "id_rsa*", "id_ed25519*", "id_ecdsa*", ".npmrc",
                 ".pypirc", ".netrc", "credentials.json", "*.p12", "*.pfx", ".htpasswd", "secrets.*")
# entries worth a .dockerignore only alongside one of the others: on their own they keep out
# nothing that matters (a few small files), and the new file would be churn
_ADD_ONS = {"docker-compose*.yml", "docker-compose*.yaml", "compose*.yml", "compose*.yaml"}
# build output: excluded only when a RUN of the file builds it anew
_BUILDS = {"target": re.compile(r"(?<![\w-])(mvn|mvnw|gradle|gradlew|cargo|sbt)(?![\w-])"),
           "dist": re.compile(r"(?<![\w-])(npm|yarn|pnpm)\s+(run\s+)?build(?![\w-])")}
_DOCKERFILE_NAME = re.compile(r"(?i)^(dockerfile|containerfile)([._-].*)?$|.*\.(dockerfile|containerfile)$")
_WALK_LIMIT = 20000
_SKIP_WALK = {".git", "node_modules", ".venv", "__pycache__"}


def _context_copies(doc):
    """COPY/ADD instructions that send the whole build context."""
    out = []
    for ins in doc.instructions:
        if ins.cmd not in ("COPY", "ADD") or ins.flag("from") is not None or ins.heredocs:
            continue
        srcs = list(ins.json_values[:-1]) if ins.json and ins.json_values else [w.value for w in ins.words()[:-1]]
        if any(s.rstrip("/") in (".", "./", "") or s in ("*", "./*") for s in srcs):
            out.append(ins)
    return out


def _named_sources(doc) -> list[str]:
    names: list[str] = []
    for ins in doc.instructions:
        if ins.cmd in ("COPY", "ADD") and ins.flag("from") is None and not ins.heredocs:
            srcs = list(ins.json_values[:-1]) if ins.json and ins.json_values else [w.value for w in ins.words()[:-1]]
            names.extend(s.lstrip("./") if s.startswith("./") else s for s in srcs)
        # RUN --mount=type=bind,source=X reads X from the context, and .dockerignore applies to it too
        runs = [ins] + ([ins.sub] if ins.cmd == "ONBUILD" and ins.sub is not None else [])
        for r in runs:
            if r.cmd != "RUN":
                continue
            for f in r.flags_named("mount"):
                opts = {key: val for key, _, val in (kv.partition("=") for kv in (f.value or "").split(","))}
                if opts.get("type", "bind") != "bind" or "from" in opts:
                    continue
                src = opts.get("source", opts.get("src", "."))
                names.append(src[2:] if src.startswith("./") else src)
    return [n.rstrip("/") for n in names if n and n not in (".", "*")]


_NODE_INSTALL = re.compile(r"(?<![\w-])(npm\s+(ci|i|install|clean-install)|pnpm\s+(i|install)|bun\s+(i|install)|"
                           r"yarn\s+install|yarn(\s+--?[\w-]+(=\S+)?)*\s*(?=$|[;&|)]))(?![\w-])")


def _needs_copied_node_modules(doc) -> bool:
    """The image runs a node app (CMD/ENTRYPOINT) and no RUN installs node_modules: the
    copied folder is then the app's only copy of its dependencies."""
    if any(ins.cmd == "RUN" and _NODE_INSTALL.search(ins.logical.text) for ins in doc.instructions):
        return False
    return any(ins.cmd in ("CMD", "ENTRYPOINT") and re.search(r"(?<![\w-])(node|nodejs|npm|npx|yarn|pnpm|bun)(?![\w-])|\.[cm]?js\b",
                                                             ins.logical.text)
               for ins in doc.instructions)


def _scan(context: str) -> list[str]:
    """Relative paths in the context (bounded), directories with a trailing /."""
    out = []
    for dirpath, dirnames, filenames in os.walk(context):
        rel = os.path.relpath(dirpath, context)
        rel = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for d in dirnames:
            out.append(rel + d + "/")
        for f in filenames:
            out.append(rel + f)
        dirnames[:] = [d for d in dirnames if d not in _SKIP_WALK]
        if len(out) > _WALK_LIMIT:
            break
    return out


def _globs_re(globs):
    """One compiled pattern for a group of basename globs (fnmatch rules, case-sensitive)."""
    return re.compile("|".join(fnmatch.translate(g) for g in globs))


def _exists(basenames: set[str], globs) -> bool:
    rx = _globs_re(globs)
    return any(rx.match(b) for b in basenames)


def _norm(line: str) -> str:
    s = line.strip()
    while s.startswith("./"):
        s = s[2:]
    return s.strip("/")


def _rules(existing: list[str]):
    """(negated, pattern, pattern without a leading ``**/``) of each ignore line, in order."""
    for line in existing:
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        neg = s.startswith("!")
        n = _norm(s[1:] if neg else s)
        if n:
            yield neg, n, (n[3:] if n.startswith("**/") else n)


def _ignored(pattern: str, existing: list[str]) -> bool:
    """Whether the current ignore lines already cover ``pattern``."""
    want = _norm(pattern)
    bare = want[3:] if want.startswith("**/") else want
    covered = False
    for neg, n, nb in _rules(existing):
        if n in (want, bare, "**/" + bare) or nb == bare or n in ("*", "**"):
            covered = not neg
    return covered


def _covered_path(path: str, existing: list[str]) -> bool:
    """Whether an existing ignore line excludes ``path`` (last matching line wins)."""
    base = path.rsplit("/", 1)[-1]
    covered = False
    for neg, n, bare in _rules(existing):
        if (fnmatch.fnmatchcase(path, n) or fnmatch.fnmatchcase(path, bare) or path.startswith(n + "/")
                or ("/" not in bare and fnmatch.fnmatchcase(base, bare) and (n.startswith("**/") or "/" not in path))):
            covered = not neg
    return covered


def _reincluded(pattern: str, globs, existing: list[str]) -> bool:
    """Whether an existing ``!`` line re-includes something ``pattern`` matches: a line
    appended after it would exclude that again (the last matching line wins)."""
    bare = _norm(pattern)
    bare = bare[3:] if bare.startswith("**/") else bare
    for neg, n, nb in _rules(existing):
        if not neg:
            continue
        base = nb.rsplit("/", 1)[-1]
        if fnmatch.fnmatchcase(nb, bare) or fnmatch.fnmatchcase(base, bare) or any(fnmatch.fnmatchcase(base, g) for g in globs):
            return True
    return False


def _explicitly_copied(pattern: str, named: list[str]) -> bool:
    bare = _norm(pattern)
    bare = bare[3:] if bare.startswith("**/") else bare
    for n in named:
        parts = n.split("/")
        if any(fnmatch.fnmatchcase(p, bare) for p in parts) or fnmatch.fnmatchcase(n, bare):
            return True
    return False


class Dockerignore(Transform):
    name = "dockerignore"
    code = "DF302"
    summary = "Keep .git, secrets, caches and local dependencies out of a whole-context COPY"
    applicability = UNSAFE
    max_applicability = UNSAFE
    links = ("https://docs.docker.com/build/concepts/context/#dockerignore-files",)
    explanation = """
What: when a stage copies the whole build context (`COPY . .`, `ADD . /app`),
dockfix makes sure the context's `.dockerignore` (or `<Dockerfile>.dockerignore`
beside the Dockerfile, which BuildKit prefers) excludes what exists in the
context and should not be sent: `.git`, `.env` files, private keys, SSH keys,
`node_modules`, `__pycache__`/`*.pyc`, `.venv`, test caches, build output
(`target`, `dist`) that a RUN builds anew, and with them compose files and the
Dockerfile. Compose files and the Dockerfile alone are no reason for a new
file (they keep out nothing that matters). Where a folder holds several
Dockerfiles and no `.dockerignore`, each gets its own `<Dockerfile>.dockerignore`.
It creates the file or appends the missing lines (the diff shows it), never
removes a line, and never excludes something a COPY/ADD names explicitly or a
`RUN --mount=type=bind,source=...` reads (nor `node_modules` when no RUN
installs it and the image runs node: then it is the app's only copy). It
also reports credential-like files in the context that would be copied
(`.env`, `*.pem`, `id_rsa`, `.npmrc`, `.netrc`, ...).

Why: everything in the context is sent to the builder and, with `COPY . .`,
baked into a layer: secrets leak into the image, `.git` bloats it, a local
`node_modules` or `.venv` overrides what the image installs, and every edit
of an unrelated file busts the build cache.

Example: a context with `.git/`, `.env` and `node_modules/` and a Dockerfile
with `COPY . .` gets a `.dockerignore` with
    .git
    .env
    **/node_modules

Fix safety: unsafe. A build step that reads an excluded path (for example a
version computed from `.git` by setuptools-scm, or a `.env` read at build time)
breaks. Only entries for paths that exist in the context are added. Without
a known build context (stdin) nothing is done.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        copies = _context_copies(doc)
        if not copies:
            return
        first = copies[0]
        context = ctx.context_dir
        if not context or not os.path.isdir(context):
            return
        df_path = os.path.abspath(ctx.path) if ctx.path and ctx.path != "-" else None
        ignore_path = os.path.join(context, ".dockerignore")
        if df_path:
            specific = df_path + ".dockerignore"
            if ctx.read_file(specific) is not None or (
                    ctx.read_file(ignore_path) is None and _several_dockerfiles(ctx, os.path.dirname(df_path))):
                # BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile: one per Dockerfile
                ignore_path = specific
        existing_text = ctx.read_file(ignore_path)
        existing = existing_text.splitlines() if existing_text else []
        present, secret_paths = _scanned(ctx, context)
        missing = _missing(doc, context, df_path, present, existing)
        # secrets that would be copied
        for p in secret_paths:
            if not _covered_path(p, existing) and not _covered_path(p, [pat for pat, _ in missing]):
                yield ctx.finding(self, first, f"{p} looks like a credential and is copied into the image by this {first.cmd}",
                                  refused="add it to .dockerignore by hand if the build does not need it")
        if not missing:
            return
        shown = ", ".join(pat for pat, _ in missing)
        rel_ignore = os.path.relpath(ignore_path)
        verb = "create" if existing_text is None else "extend"
        fix = Fix([], UNSAFE, message=f"{verb} {rel_ignore}: {shown}",
                  files=[(ignore_path, _new_ignore_text(existing_text, missing))])
        yield ctx.finding(self, first, f"{first.cmd} copies the whole context but {rel_ignore} does not exclude {shown}",
                          fix=fix)


def _scanned(ctx, context: str) -> tuple[list[str], list[str]]:
    """(patterns of _ENTRIES with files in the context, paths of files that look like credentials);
    one scan per context and run."""
    scans = ctx.shared.setdefault("dockerignore-scan", {})
    if context not in scans:
        found = _scan(context)
        basenames = {p.rstrip("/").rsplit("/", 1)[-1] for p in found}
        present = [pattern for pattern, globs, _ in _ENTRIES if _exists(basenames, globs)]
        secret_rx = _globs_re(_SECRET_FILES)
        secrets = [p for p in found if not p.endswith("/") and secret_rx.match(p.rsplit("/", 1)[-1])]
        scans[context] = (present, secrets)
    return scans[context]


def _missing(doc, context: str, df_path: str | None, present: list[str], existing: list[str]) -> list[tuple[str, str]]:
    """(pattern, why) of the lines the .dockerignore should have and has not."""
    named = _named_sources(doc)
    missing = []
    for pattern, globs, why in _ENTRIES:
        if pattern == "**/node_modules" and _needs_copied_node_modules(doc):
            continue  # nothing in the build installs them: the copied folder is what the app runs with
        if _reincluded(pattern, globs, existing):
            continue  # the user's own `!path` line keeps a file this pattern would exclude again
        if pattern in _BUILDS and not any(ins.cmd == "RUN" and _BUILDS[pattern].search(ins.logical.text)
                                          for ins in doc.instructions):
            continue  # not built in the image: the copied folder may be what it runs
        if pattern in present and not _ignored(pattern, existing) and not _explicitly_copied(pattern, named):
            missing.append((pattern, why))
    if all(pattern in _ADD_ONS for pattern, _ in missing):
        return []  # nothing that matters is in the context: no file for a few small ones
    # the Dockerfile itself, when it sits inside the context
    if df_path and df_path.startswith(os.path.abspath(context) + os.sep):
        rel = os.path.relpath(df_path, context).replace(os.sep, "/")
        if not _ignored(rel, existing) and not _explicitly_copied(rel, named):
            missing.append((rel, "the Dockerfile"))
    return missing


def _several_dockerfiles(ctx, folder: str) -> bool:
    """Whether ``folder`` holds more than one Dockerfile (``Dockerfile``, ``Dockerfile.dev``, ``x.Dockerfile``)."""
    cache = ctx.shared.setdefault("dockerignore-dockerfiles", {})
    if folder not in cache:
        try:
            names = os.listdir(folder)
        except OSError:
            names = []
        cache[folder] = sum(1 for n in names if _DOCKERFILE_NAME.match(n) and not n.endswith(".dockerignore")) > 1
    return bool(cache[folder])


def _new_ignore_text(existing_text: str | None, missing: list[tuple[str, str]]) -> str:
    nl = "\r\n" if existing_text and "\r\n" in existing_text else "\n"
    lines = [f"{pat}" for pat, _ in missing]
    head = existing_text or ""
    if head and not head.endswith("\n"):
        head += nl
    if not existing_text:
        head = f"# written by dockfix: keep secrets, history and local caches out of the build context{nl}"
    return head + nl.join(lines) + nl
