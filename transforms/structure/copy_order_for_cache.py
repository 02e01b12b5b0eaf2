"""Copy dependency manifests before the install, the rest of the source after it."""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from dockfix.fixing.context import Context
from dockfix.fixing.edit import SAFE, UNSAFE, Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.semantic import images as im
from dockfix.semantic.model import model_of
from dockfix.shell.facts import and_list, may_touch, redirects
from dockfix.syntax.regular import read_regular
from dockfix.syntax.text import keyword_case

_BASE = "/\0base"  # the base image's WORKDIR, not known
_PIP = re.compile(r"^pip(\d+(\.\d+)?)?$")
_PY = re.compile(r"^python(\d+(\.\d+)?)?$")
# commands that may share the install RUN: they never read the copied source
_HARMLESS = {"rm", "apt-get", "apt", "apk", "yum", "dnf", "microdnf", "mkdir", "echo", "true", "set", "export",
             "git", "update-ca-certificates", "ln", "which", "command", "printf", "corepack"}
# pip options that take a value (besides -r/-c/-e)
_PIP_VALUE_OPTS = {"-i", "--index-url", "--extra-index-url", "--trusted-host", "-t", "--target", "--prefix", "--root",
                   "--platform", "--python-version", "--implementation", "--abi", "--progress-bar", "--src",
                   "--upgrade-strategy", "--global-option", "--install-option", "--config-settings", "-C",
                   "--cache-dir", "--log", "--timeout", "--retries", "--proxy", "--exists-action", "--cert",
                   "--client-cert", "--only-binary", "--no-binary", "--python", "--report", "--dry-run-report"}
_LIFECYCLE = ("preinstall", "install", "postinstall", "prepare", "prepublish", "preprepare", "postprepare",
              "dependencies")


@dataclass
class Install:
    eco: str
    command: str  # how it reads, for messages
    named: list[str] = field(default_factory=list)  # manifest paths named in the command (relative to its cwd)
    optional: list[str] = field(default_factory=list)  # copied when present in the build context
    required: list[str] = field(default_factory=list)  # must be present in the build context
    dirs: list[str] = field(default_factory=list)  # folders copied when present
    problem: str | None = None
    check: str | None = None  # content check: "npm", "composer", "gomod", "gemfile", "pom", "gradle", "cargo", "pip"
    start: int = 0
    end: int = 0


def _vals(cmd):
    return [w.value for w in cmd.argv]


def _detect(cmd) -> Install | None:
    """The dependency install a simple command is, if any."""
    argv = _vals(cmd)
    if not argv or argv[0] is None:
        return None
    name = posixpath.basename(argv[0])
    args = argv[1:]
    text = " ".join(a if a is not None else "$?" for a in argv)
    # python -m pip install / uv pip install
    if _PY.match(name) and len(args) >= 2 and args[0] == "-m" and args[1] == "pip":
        name, args = "pip", args[2:]
    if name == "uv" and args[:2] == ["pip", "install"]:
        name, args = "pip", args[1:]
    if _PIP.match(name):
        if not args or args[0] != "install":
            return None
        return _pip(args[1:], text)
    if name == "pipenv" and args and args[0] in ("install", "sync"):
        inst = Install("pipenv", text, required=["Pipfile"], optional=["Pipfile.lock"])
        if any(a is None or a in (".", "-e", "--editable") or (a and a.startswith(("./", "/"))) for a in args[1:]):
            inst.problem = f"`{text}` installs a local path, which needs the source"
        return inst
    if name == "poetry" and args and args[0] in ("install", "sync"):
        inst = Install("poetry", text, required=["pyproject.toml"], optional=["poetry.lock", "poetry.toml"])
        if "--no-root" not in args and "--only-root" not in args:
            inst.problem = "`poetry install` also installs the project itself, which needs the source (add --no-root)"
        return inst
    if name == "uv" and args and args[0] == "sync":
        inst = Install("uv", text, required=["pyproject.toml"], optional=["uv.lock", ".python-version", "uv.toml"])
        if "--no-install-project" not in args and "--no-install-workspace" not in args:
            inst.problem = "`uv sync` also installs the project itself, which needs the source (add --no-install-project)"
        return inst
    if name in ("npm", "yarn", "pnpm"):
        return _node(name, args, text)
    if name == "go" and args[:2] == ["mod", "download"]:
        return Install("go", text, required=["go.mod"], optional=["go.sum"], check="gomod")
    if name in ("bundle", "bundler") and args and args[0] == "install":
        return Install("bundler", text, required=["Gemfile"], optional=["Gemfile.lock"], check="gemfile")
    if name in ("composer", "composer.phar") and args and args[0] == "install":
        inst = Install("composer", text, required=["composer.json"], optional=["composer.lock", "auth.json"], check="composer")
        if "--no-autoloader" not in args:
            inst.problem = "`composer install` dumps the autoloader from the source (add --no-autoloader and run `composer dump-autoload` after the COPY)"
        elif "--no-scripts" not in args:
            inst.problem = "`composer install` runs the project's scripts (add --no-scripts)"
        return inst
    if name in ("mvn", "mvnw") and any(a and a.startswith(("dependency:go-offline", "dependency:resolve")) for a in args):
        if any(a and ":" not in a and not a.startswith("-") for a in args):
            return None  # also builds (package/install): not a pure dependency step
        inst = Install("maven", text, required=["pom.xml"], check="pom")
        if name == "mvnw":
            inst.required.append(argv[0] if "/" in argv[0] else "mvnw")
            inst.dirs.append(".mvn")
        return inst
    if name in ("gradle", "gradlew") and args and all(a is not None for a in args) and \
            [a for a in args if not a.startswith("-")] in (["dependencies"], ["--refresh-dependencies"], []) and \
            ("dependencies" in args or "--refresh-dependencies" in args):
        inst = Install("gradle", text, optional=["build.gradle", "build.gradle.kts", "settings.gradle",
                                                 "settings.gradle.kts", "gradle.properties"], check="gradle")
        inst.dirs.append("gradle")
        if name == "gradlew":
            inst.required.append(argv[0] if "/" in argv[0] else "gradlew")
        return inst
    if name == "cargo" and args and args[0] == "fetch":
        return Install("cargo", text, required=["Cargo.toml"], optional=["Cargo.lock"], check="cargo",
                       problem="cargo reads src/main.rs or src/lib.rs to load the manifest; copy a stub target "
                               "first (not done automatically)")
    return None


def _pip(args, text) -> Install | None:
    inst = Install("pip", text, check="pip")
    i = 0
    positional = []
    while i < len(args):
        a = args[i]
        if a is None:
            inst.problem = f"`{text}` has an argument set by a variable"
            return inst
        val = None
        for opt in ("-r", "--requirement", "-c", "--constraint"):
            if a == opt:
                val = args[i + 1] if i + 1 < len(args) else None
                i += 1
                break
            if opt.startswith("--") and a.startswith(opt + "="):
                val = a[len(opt) + 1:]
                break
            if not opt.startswith("--") and a.startswith(opt) and len(a) > 2:
                val = a[2:]
                break
        else:
            if a in ("-e", "--editable") or a.startswith("--editable="):
                inst.problem = f"`{text}` installs an editable project, which needs the source"
                return inst
            if a in ("-f", "--find-links") or a.startswith("--find-links="):
                v = a.split("=", 1)[1] if "=" in a else (args[i + 1] if i + 1 < len(args) else None)
                if v is None or "://" not in v:
                    inst.problem = f"`{text}` finds packages in a local folder"
                    return inst
                i += 1 if "=" not in a else 0
            elif a in _PIP_VALUE_OPTS:
                i += 1
            elif not a.startswith("-"):
                positional.append(a)
            i += 1
            continue
        if val is None:
            inst.problem = f"`{text}` names a requirements file through a variable"
            return inst
        inst.named.append(val)
        i += 1
    for p in positional:
        if p in (".", "..") or p.startswith(("./", "../", "/", "file:")) or p.endswith((".whl", ".tar.gz", ".zip")) or \
                ("/" in p and "://" not in p and "@" not in p):
            inst.problem = f"`{text}` installs a local path ({p}), which needs the source"
            return inst
    if not inst.named:
        return None  # plain `pip install pkg`: not a manifest install
    return inst


def _node(name, args, text) -> Install | None:
    if name == "npm":
        if not args or args[0] not in ("ci", "install", "i", "clean-install"):
            return None
    elif name == "yarn":
        if args and args[0] != "install":
            if args[0] is None or not args[0].startswith("-"):
                return None
    elif name == "pnpm":
        if not args or args[0] not in ("install", "i"):
            return None
    rest = [a for a in (args[1:] if args and args[0] in ("ci", "install", "i", "clean-install") else args)]
    if any(a is None for a in rest):
        return Install(name, text, problem=f"`{text}` has an argument set by a variable")
    if any(not a.startswith("-") for a in rest):
        return None  # installs named packages
    opt = {"npm": ["package-lock.json", "npm-shrinkwrap.json", ".npmrc"],
           "yarn": ["yarn.lock", ".yarnrc.yml", ".yarnrc", ".npmrc", ".pnp.cjs", ".pnp.loader.mjs"],
           "pnpm": ["pnpm-lock.yaml", ".npmrc", ".pnpmfile.cjs"]}[name]
    inst = Install(name, text, required=["package.json"], optional=opt, check="npm")
    if name == "yarn":
        inst.dirs.append(".yarn")
    if "--ignore-scripts" in rest:
        inst.check = "npm-noscripts"
    return inst


def _harmless(argv) -> bool:
    """A command that never reads the copied source (besides the installs)."""
    base = posixpath.basename(argv[0])
    if base in _HARMLESS or base == "cd":
        return True
    if _PIP.match(base) or (_PY.match(base) and argv[1:3] == ["-m", "pip"]):
        return True  # another pip install (of named packages): no source needed
    if base in ("npm", "yarn", "pnpm", "poetry", "pipenv", "uv", "bundle", "bundler", "composer", "gem") and \
            len(argv) > 1 and argv[1] in ("cache", "config", "set", "prune", "clear-cache", "--version", "-v"):
        return True
    if base == "gem" and len(argv) > 2 and argv[1] == "install" and all(a and not a.startswith((".", "/")) for a in argv[2:]):
        return True  # gem install bundler
    if base == "npm" and len(argv) > 2 and argv[1] in ("install", "i") and ("-g" in argv[2:] or "--global" in argv[2:]):
        return True  # npm install -g pnpm
    return False


def _cd_target(cmd) -> str | None | bool:
    """The folder a `cd DIR` command enters (False if not a cd, None if unknown)."""
    argv = _vals(cmd)
    if not argv or argv[0] != "cd":
        return False
    rest = [a for a in argv[1:] if a is None or not a.startswith("-")]
    if len(rest) != 1 or rest[0] is None:
        return None
    return rest[0]


# --------------------------------------------------------------------------
# .dockerignore (BuildKit's patternmatcher semantics, enough for file names)
# --------------------------------------------------------------------------

def _ignore_patterns(context: str, dockerfile: str | None) -> list[tuple[bool, re.Pattern]]:
    cands = []
    if dockerfile:
        cands.append(dockerfile + ".dockerignore")
    cands.append(os.path.join(context, ".dockerignore"))
    for c in cands:
        try:
            lines = read_regular(c).decode("utf-8", "replace").splitlines()
            break
        except OSError:
            continue
    else:
        return []
    out = []
    for ln in lines:
        ln = ln.strip()
        if not ln or ln.startswith("#"):
            continue
        neg = ln.startswith("!")
        if neg:
            ln = ln[1:].strip()
        ln = posixpath.normpath(ln.lstrip("/")) if ln.strip("/") else ""
        if not ln or ln == ".":
            continue
        out.append((neg, re.compile(_glob_re(ln))))
    return out


def _glob_re(pat: str) -> str:
    out = ["^"]
    i = 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**", i):
            i += 2
            if pat.startswith("/", i):
                i += 1
                out.append("(.*/)?")
            else:
                out.append(".*")
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pat.find("]", i)
            if j == -1:
                out.append(re.escape(c))
            else:
                body = pat[i + 1:j].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body + "]")
                i = j
        elif c == "\\" and i + 1 < len(pat):
            i += 1
            out.append(re.escape(pat[i]))
        else:
            out.append(re.escape(c))
        i += 1
    out.append("(/.*)?$")  # a pattern that matches a folder excludes what is in it
    return "".join(out)


def _ignored(patterns, path: str) -> bool:
    hit = False
    for neg, rx in patterns:
        if rx.match(path):
            hit = not neg
    return hit


# --------------------------------------------------------------------------

class CopyOrderForCache(Transform):
    name = "copy-order-for-cache"
    code = "DF220"
    # before merge-run (order 0): a merge of the RUNs between into the install RUN must not block the move
    order = -2
    summary = "Copy dependency manifests and install before copying the whole source"
    hadolint = ()
    buildkit = ()
    applicability = UNSAFE
    links = ("https://docs.docker.com/build/cache/optimize/#order-your-layers",
             "https://docs.docker.com/build/building/best-practices/#leverage-build-cache")
    explanation = """
What: when `COPY . <dst>` (the whole build context) comes before a dependency
install, copy only the dependency manifests first, run the install, and copy
the rest of the source after it:
    pip      -r/-c files named in the command (and the files they -r/-c)
    pipenv   Pipfile, Pipfile.lock          poetry  pyproject.toml, poetry.lock
    uv       pyproject.toml, uv.lock        npm     package.json, package-lock.json,
    yarn     package.json, yarn.lock, .yarnrc.yml, .yarn/   npm-shrinkwrap.json
    pnpm     package.json, pnpm-lock.yaml   go      go.mod, go.sum (go mod download)
    bundler  Gemfile, Gemfile.lock          composer composer.json, composer.lock
    maven    pom.xml (dependency:go-offline) gradle build/settings files, gradle/
    cargo    Cargo.toml, Cargo.lock (cargo fetch)
The build context (`--context DIR`, default the Dockerfile's folder) tells
which of the optional files exist; without one only files named in the
command are used.

Why: a layer is rebuilt when anything it copies changed. With `COPY . .`
first, every source edit re-runs the whole dependency install; with the
manifests first, the install layer stays cached until a manifest changes
(Docker's build-cache guidance).

Example:
    COPY . /app
    RUN pip install --requirement /app/requirements.txt
becomes
    COPY requirements.txt /app/
    RUN pip install --requirement /app/requirements.txt
    COPY . /app

Fix safety: safe only when every manifest is named in the install command,
its content was checked in the build context, and the install RUN directly
follows the COPY (nothing else moves); otherwise unsafe (instructions such
as ENV or WORKDIR end up before the source COPY; a manifest may be missing
from the list). Refused, with the reason, when the install needs the source
(`pip install .`, `-e .`, local paths, `poetry install` without --no-root,
npm/yarn lifecycle scripts or workspaces, composer's autoloader, go.mod
`replace` with a local path, Gemfile `gemspec`/`path:`, Maven modules,
Gradle subprojects, Cargo workspaces or path dependencies), when the RUN
also runs other commands, when a COPY/ADD/VOLUME or a RUN that may read or
write the copied tree lies between (a RUN that touches nothing of it --
`apt-get install`, `rm -rf /var/lib/apt/lists/*`, `pip install NAME` -- is
passed: the manifests are copied right before the install), when the
COPY uses --parents/--exclude or variables, when `.dockerignore` excludes a
manifest, and when there is no build context to see the manifests.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        if doc.is_windows:
            return
        for stage in doc.stages:
            ins_list = stage.instructions
            for i, ins in enumerate(ins_list):
                if ins.cmd not in ("COPY", "ADD") or ins.heredocs or ins.json:
                    continue
                if ins.flag("from") is not None:
                    continue
                words = ins.plain_words()
                if len(words) != 2 or words[0].text not in (".", "./"):
                    continue
                found = self._first_install(doc, ins_list, i, self._tree(doc, stage, ins, words[1].text))
                if found is None:
                    continue
                run, installs, between, problem, split = found
                what = f"`{installs[0].command}`" if installs else f"the dependency install on line {run.line}"
                msg = f"COPY of the whole source before {what}"
                if problem is None:
                    problem = self._copy_problem(ins, words[1].text, between)
                if problem is not None:
                    yield ctx.finding(self, ins, msg + " defeats the build cache", refused=problem)
                    continue
                res = self._plan(ctx, stage, ins, words[1].text, run, installs, between, split)
                if isinstance(res, str):
                    yield ctx.finding(self, ins, msg + " defeats the build cache", refused=res)
                    continue
                fix = res
                yield ctx.finding(self, ins, msg + " defeats the build cache; copy the manifests first", fix=fix)

    # -- analysis ---------------------------------------------------------------
    def _tree(self, doc, stage, copy_ins, dst: str) -> str | None:
        """The absolute folder the source COPY fills (None: a variable or an unknown WORKDIR)."""
        wd = self._workdirs(doc, stage, copy_ins)
        if "$" in dst or wd is None or (wd.startswith(_BASE) and not dst.startswith("/")):
            return None
        return im.normpath(posixpath.join(wd, dst))

    def _passes(self, doc, stage, run, view, tree: str | None) -> bool:
        """A RUN between the source COPY and the install that touches nothing under the
        copied tree (``apt-get install``, ``rm -rf /var/lib/apt/lists/*``): the source COPY
        may move after it."""
        if tree is None or view.from_heredoc or run.flags:
            return False
        cwd = self._workdirs(doc, stage, run)
        return may_touch(view, tree, None if cwd is None or cwd.startswith(_BASE) else cwd) is None

    def _first_install(self, doc, ins_list, i, tree=None):
        between = []
        for other in ins_list[i + 1:]:
            if other.cmd == "RUN":
                view = model_of(doc).shell_view(other)
                if view is None or view.has_error:
                    return None
                installs = []
                cmds = view.commands()
                for c in cmds:
                    inst = _detect(c)
                    if inst is not None:
                        inst.start, inst.end = c.start, c.end
                        installs.append(inst)
                if not installs and self._passes(doc, other.stage, other, view, tree):
                    between.append(other)  # reads nothing the COPY brings: the COPY may move past it
                    continue
                if not installs:
                    # a RUN that is not an install: it may read the source; only report when an install follows
                    rest = self._later_install(doc, ins_list, other)
                    if rest is None:
                        return None
                    return rest[0], [], between, f"a RUN between the COPY and `{rest[1]}` (line {other.line}) may need the source", None
                bad = next((x.problem for x in installs if x.problem), None)
                split = None
                if bad is None:
                    bad = self._other_commands(view, cmds, installs)
                    if bad is not None:
                        split = self._split(doc, view, cmds, installs)
                        if split is not None:
                            bad = None
                return other, installs, between, bad, split
            if other.cmd == "FROM":
                return None
            between.append(other)
        return None

    def _later_install(self, doc, ins_list, after):
        """(RUN, command) of the first dependency install after ``after`` in its stage, or None."""
        model = model_of(doc)
        pos = model.position(after)
        if pos >= len(ins_list) or ins_list[pos] is not after:
            return None
        return self._next_installs(doc, ins_list)[pos + 1]

    @staticmethod
    def _next_installs(doc, ins_list) -> list:
        """For each position of the stage (and one past its end), the first dependency install at or
        after it: one pass from the end per stage, not a scan per COPY."""
        model = model_of(doc)
        cache = model.cache.setdefault("copy-order-for-cache:next-install", {})
        assert isinstance(cache, dict)
        found = cache.get(id(ins_list))
        if found is None:
            found = [None] * (len(ins_list) + 1)
            for k in range(len(ins_list) - 1, -1, -1):
                found[k] = found[k + 1]
                other = ins_list[k]
                if other.cmd != "RUN":
                    continue
                view = model.shell_view(other)
                if view is None or view.has_error:
                    continue
                inst = next((i for i in map(_detect, view.commands()) if i is not None), None)
                if inst is not None:
                    found[k] = (other, inst.command)
            cache[id(ins_list)] = found
        return found

    def _other_commands(self, view, cmds, installs):
        spans = [(x.start, x.end) for x in installs]
        for c in cmds:
            if any(s <= c.start and c.end <= e for s, e in spans):
                continue
            argv = _vals(c)
            if not argv:
                continue
            if argv[0] is None:
                return "the install RUN also runs a command set by a variable"
            if not _harmless(argv):
                return f"the install RUN also runs `{' '.join(a or '$?' for a in argv[:3])}`, which may need the source"
        return None

    def _split(self, doc, view, cmds, installs):
        """(end of the install part, start of the rest) when the RUN is `install && ... && build`
        whose install part can run before the source is copied; else None."""
        parts = and_list(view)
        if not parts or view.from_heredoc:
            return None
        spans = [view.file_span(p) for p in parts]
        last = -1
        for i, (s0, e0) in enumerate(spans):
            if any(s0 <= x.start and x.end <= e0 for x in installs):
                last = i
        if last < 0 or last == len(parts) - 1:
            return None
        pre_end = spans[last][1]
        for c in cmds:
            if c.start >= pre_end:
                continue
            if any(x.start <= c.start and c.end <= x.end for x in installs):
                continue
            argv = _vals(c)
            if not argv or argv[0] is None or not _harmless(argv) or argv[0] in ("cd", "export", "set", "source", "."):
                return None
        gap = doc.text[pre_end:spans[last + 1][0]]
        if "#" in gap or not re.fullmatch(r"[ \t\r\n&" + re.escape(doc.escape) + r"]*", gap) or gap.count("&&") != 1:
            return None
        return pre_end, spans[last + 1][0]

    def _copy_problem(self, ins, dst, between):
        if ins.flag("parents") is not None or ins.flag("exclude") is not None:
            return "the COPY uses --parents/--exclude"
        odd = [f.name for f in ins.flags if f.name not in ("chown", "chmod", "link")]
        if odd:
            return f"{ins.cmd} --{odd[0]} has no COPY equivalent for the manifests"
        has_var = "$" in ins.logical.text
        for b in between:
            if b.cmd == "RUN":
                continue  # only RUNs that touch nothing under the copied tree are let through
            if b.cmd in ("COPY", "ADD", "VOLUME", "ONBUILD", "FROM"):
                return f"{b.cmd} on line {b.line} lies between the COPY and the install"
            if b.cmd == "WORKDIR" and not dst.startswith("/"):
                return f"WORKDIR on line {b.line} lies between and the COPY's destination is relative"
            if b.cmd in ("ARG", "ENV") and has_var:
                return f"{b.cmd} on line {b.line} lies between and the COPY uses variables"
        return None

    # -- planning ---------------------------------------------------------------
    def _workdirs(self, doc, stage, upto):
        """The working directory at ``upto``: ``_BASE`` when no WORKDIR is set, None when unknown."""
        state = model_of(doc).workdir_state(upto)
        if state is None:
            return None
        return _BASE if state.set_by is None else state.cwd

    def _plan(self, ctx, stage, copy_ins, dst, run, installs, between, split=None):
        doc = ctx.doc
        if "$" in dst:
            return "the COPY's destination uses variables"
        wd_copy = self._workdirs(doc, stage, copy_ins)
        wd_run = self._workdirs(doc, stage, run)
        if wd_copy is None or wd_run is None:
            return "a WORKDIR uses a variable or quotes"
        dst_abs = im.normpath(posixpath.join(wd_copy, dst))
        # cd commands before each install in the RUN
        view = model_of(doc).shell_view(run)
        cds = _cd_positions(view)
        why = self._touches_source(view, cds, installs, wd_run, dst_abs, split)
        if why:
            return why
        context = ctx.context_dir if ctx.context_dir and os.path.isdir(ctx.context_dir) else None
        patterns = _ignore_patterns(context, ctx.path if ctx.path and ctx.path != "-" else None) if context else []
        found = _Manifests(context, dst, dst_abs)
        for inst in installs:
            why = found.add(inst, _cwd_at(wd_run, cds, inst.start))
            if why:
                return why
        for r in found.manifests + found.dirs:
            if patterns and _ignored(patterns, r):
                return f".dockerignore excludes {r}"
        if not found.manifests:
            return "no manifest files found"
        dst_dir = self._destination_dir(doc, stage, dst, wd_copy)
        if dst_dir is None:
            return ("the COPY's destination is relative, no WORKDIR is set and the base image's is "
                    "unknown (a new COPY would be another DL3045)")
        if any(" " in x or x.startswith("-") for x in found.manifests + found.dirs):
            return "a manifest name has spaces or starts with -"
        text = doc.text
        at = run.end
        if text[:at].rstrip(" \t\r\n").endswith(doc.escape) and not text[at:].strip():
            return "the file ends inside a line continuation"
        # RUNs between that touch nothing of the source run before any COPY: the manifests go
        # right before the install (same WORKDIR: a WORKDIR between refuses a relative destination)
        early = any(b.cmd == "RUN" for b in between)
        edits = _edits(doc, copy_ins, run, dst_dir, found, split, early)
        safe = found.all_named and found.checked and not between and context is not None and split is None
        what = ", ".join(found.manifests + [d + "/" for d in found.dirs])
        return Fix(edits, SAFE if safe else UNSAFE, message=f"copy {what} before the install, the rest after it")

    def _destination_dir(self, doc, stage, dst: str, wd_copy: str) -> str | None:
        """The new COPYs' destination folder (ends with /); None when it would be relative and unknown."""
        dst_dir = dst if dst.endswith("/") else dst + "/"
        if not dst.startswith("/") and wd_copy.startswith(_BASE):
            # no WORKDIR: a relative destination on a new COPY would be one more
            # hadolint DL3045; write it absolute where the base image's is known
            base_wd = im.image_workdir(model_of(doc).base_image(stage))
            if base_wd is None:
                return None
            dst_dir = im.normpath(posixpath.join(base_wd, dst)).rstrip("/") + "/"
        return dst_dir

    def _touches_source(self, view, cds, installs, cwd0, dst_abs, split):
        """Why the part of the install RUN that moves before the source COPY cannot
        move: a command there reads or changes files the COPY brings (``rm -rf
        tests``, ``echo x > settings.env``, ``git rev-parse``); the COPY would then
        undo the change or the command would miss the files."""
        limit = split[0] if split is not None else None
        spans = [(x.start, x.end) for x in installs]

        def under(path, cwd):
            if path is None:
                return True
            if path.startswith("/dev/"):
                return False
            full = im.normpath(posixpath.join(cwd, path))
            return full.startswith(_BASE) or full == dst_abs or full.startswith(dst_abs.rstrip("/") + "/") or \
                dst_abs.startswith(full.rstrip("/") + "/")

        for c in view.commands():
            if limit is not None and c.start >= limit:
                continue
            if any(s <= c.start and c.end <= e for s, e in spans):
                continue
            cwd = cwd0
            for pos, t in cds:
                if pos < c.start and t is not None:
                    cwd = im.normpath(posixpath.join(cwd, t))
            argv = _vals(c)
            if not argv or argv[0] is None:
                continue
            base = posixpath.basename(argv[0])
            if base == "git" and not any(a in ("clone", "config", "--version", "version") for a in argv[1:2]):
                return f"the install RUN also runs `{' '.join(a or '$?' for a in argv[:2])}`, which reads the source"
            if base in ("rm", "ln"):
                ops = [a for a in argv[1:] if a is None or not a.startswith("-")]
                if base == "ln":
                    ops = ops[-1:] if len(ops) > 1 else [None]  # the link made (a target may come later)
                for a in ops:
                    if under(a, cwd):
                        return (f"the install RUN also runs `{base} {a or '$?'}` on the COPY's destination: "
                                "the source COPY moved after it would bring the files back")
        for r in redirects(view):
            s0, target = r.start, r.target
            if limit is not None and s0 >= limit:
                continue
            cwd = cwd0
            for pos, t in cds:
                if pos < s0 and t is not None:
                    cwd = im.normpath(posixpath.join(cwd, t))
            if under(target, cwd):
                return (f"the install RUN writes {target or 'a file named by a variable'} in the COPY's "
                        "destination: the source COPY moved after it would replace it")
        return None

def _content(inst: Install, context: str | None, r: str, seen: set[str] | None = None) -> tuple[str | None, list[str]]:
    """(problem | "unchecked" | None, extra manifests) from a manifest's content."""
    if context is None:
        return "unchecked", []
    path = os.path.join(context, r)
    if os.path.isdir(path):
        return None, []
    try:
        body = read_regular(path, head=1 << 20).decode("utf-8", "replace")
    except OSError:
        return "unchecked", []
    base = posixpath.basename(r)
    if inst.check == "pip":
        return _pip_content(inst, context, r, body, seen)
    if inst.check in ("npm", "npm-noscripts") and base == "package.json":
        return _npm_content(inst, context, r, body), []
    for check, matches, problem in _MANIFEST_CHECKS:
        if inst.check == check and matches(base):
            return problem(r, body, context), []
    return None, []


def _pip_content(inst: Install, context: str, r: str, body: str, seen: set[str] | None) -> tuple[str | None, list[str]]:
    """A requirements file: the files it includes (-r/-c), followed; local paths refused."""
    extra: list[str] = []
    for ln in body.splitlines():
        s = ln.split(" #", 1)[0].strip()
        if not s or s.startswith("#"):
            continue
        m = re.match(r"^(-r|--requirement|-c|--constraint)\s*=?\s*(\S+)", s)
        if m:
            ref = m.group(2)
            if "://" in ref:
                continue  # a remote file: nothing to copy
            e = posixpath.normpath(posixpath.join(posixpath.dirname(r), ref))
            if e.startswith(("../", "/")) or e == ".." or "$" in e or " " in e:
                return f"{r} includes {ref}, which is not a plain file of the build context", []
            extra.append(e)
            continue
        why = _pip_local_line(r, s)
        if why:
            return why, []
    seen = (seen or set()) | {r}
    for e in list(extra):
        if e in seen:
            continue
        seen.add(e)
        why, more = _content(inst, context, e, seen)
        if why and why != "unchecked":
            return why, []
        extra += [m for m in more if m not in extra]
    return None, extra


def _pip_local_line(r: str, s: str) -> str | None:
    """A requirements line that installs from the source (a local path, an editable, local find-links)."""
    if re.match(r"^(-e|--editable)\b", s) or s.startswith((".", "/", "file:")) or \
            re.match(r"^[\w.-]+\s*@\s*file:", s):
        return f"{r} installs a local path ({s}), which needs the source"
    m = re.match(r"^(-f|--find-links)\s*=?\s*(\S+)", s)
    if m and "://" not in m.group(2):
        return f"{r} finds packages in a local folder ({m.group(2)}), which is in the source"
    if not s.startswith("-") and "://" not in s and \
            ("/" in s.split(";", 1)[0] or s.split(";", 1)[0].strip().endswith((".whl", ".tar.gz", ".zip"))):
        return f"{r} installs a local path ({s}), which needs the source"
    return None


def _npm_content(inst: Install, context: str, r: str, body: str) -> str | None:
    try:
        pkg = json.loads(body)
    except ValueError:
        return f"{r} is not valid JSON"
    if not isinstance(pkg, dict):
        return f"{r} is not a JSON object"
    if pkg.get("workspaces"):
        return f"{r} declares workspaces, whose package.json files are in the source"
    if os.path.exists(os.path.join(context, posixpath.dirname(r), "pnpm-workspace.yaml")):
        return "pnpm-workspace.yaml declares workspaces, whose package.json files are in the source"
    scripts = pkg.get("scripts") or {}
    if inst.check == "npm" and isinstance(scripts, dict):
        hooks = [k for k in _LIFECYCLE if k in scripts]
        if hooks:
            return f"{r} has lifecycle scripts ({', '.join(hooks)}) that may read the source (add --ignore-scripts)"
    for sect in ("dependencies", "devDependencies", "optionalDependencies"):
        deps = pkg.get(sect) or {}
        if isinstance(deps, dict) and any(isinstance(v, str) and v.startswith(("file:", "link:", "workspace:", "portal:", "./", "../"))
                                          for v in deps.values()):
            return f"{r} depends on local paths"
    return None


def _composer(r: str, body: str, context: str) -> str | None:
    if re.search(r'"type"\s*:\s*"path"', body):
        return f"{r} uses path repositories from the source"
    return None


def _gomod(r: str, body: str, context: str) -> str | None:
    if re.search(r"=>\s*\.{1,2}/", body):
        return f"{r} replaces modules with local folders"
    if context and os.path.exists(os.path.join(context, posixpath.dirname(r), "go.work")):
        return "a go.work workspace needs the other modules' sources"
    return None


def _gemfile(r: str, body: str, context: str) -> str | None:
    if re.search(r"^\s*(gemspec|eval_gemfile)\b|path:|:path\s*=>|File\.(read|open)|require_relative", body, re.M):
        return f"{r} reads other files of the source (gemspec, path:, eval_gemfile)"
    return None


def _pom(r: str, body: str, context: str) -> str | None:
    if "<modules>" in body:
        return f"{r} is a multi-module build; the modules' pom.xml files are in the source"
    return None


def _gradle_settings(r: str, body: str, context: str) -> str | None:
    if re.search(r"^\s*include\b|includeBuild", body, re.M):
        return f"{r} includes subprojects whose build files are in the source"
    return None


def _cargo(r: str, body: str, context: str) -> str | None:
    if "[workspace]" in body or re.search(r"path\s*=", body):
        return f"{r} has a workspace or path dependencies in the source"
    return None


# (Install.check, which manifest file it reads, what in it needs the source)
_MANIFEST_CHECKS: tuple[tuple[str, Callable[[str], bool], Callable[[str, str, str], str | None]], ...] = (
    ("composer", lambda b: b == "composer.json", _composer),
    ("gomod", lambda b: b == "go.mod", _gomod),
    ("gemfile", lambda b: b == "Gemfile", _gemfile),
    ("pom", lambda b: b == "pom.xml", _pom),
    ("gradle", lambda b: b.startswith("settings.gradle"), _gradle_settings),
    ("cargo", lambda b: b == "Cargo.toml", _cargo),
)


def _cd_positions(view) -> list[tuple[int, str | None]]:
    """(offset, target) of each `cd` in the RUN; target None when it uses a variable."""
    cds: list[tuple[int, str | None]] = []
    for c in view.commands():
        t = _cd_target(c)
        if t is False or t is True:  # not a cd (never True)
            continue
        cds.append((c.start, t))
    return cds


def _cwd_at(wd_run: str, cds: list[tuple[int, str | None]], pos: int) -> str | None:
    """The directory at ``pos`` after the RUN's `cd`s; None when a `cd` uses a variable."""
    cwd = wd_run
    for at, t in cds:
        if at < pos:
            if t is None:
                return None
            cwd = im.normpath(posixpath.join(cwd, t))
    return cwd


class _Manifests:
    """The manifest files (context-relative) and folders the installs read, collected install by install."""

    def __init__(self, context: str | None, dst: str, dst_abs: str) -> None:
        self.context = context
        self.dst = dst
        self.dst_abs = dst_abs
        self.manifests: list[str] = []
        self.dirs: list[str] = []
        self.all_named = True  # every manifest is named on the install's command line
        self.checked = True  # every manifest's content was read

    def rel(self, cwd: str, p: str) -> str | None:
        full = im.normpath(posixpath.join(cwd, p))
        if full.startswith(_BASE) != self.dst_abs.startswith(_BASE):
            return None
        r = posixpath.relpath(full, self.dst_abs)
        return None if r.startswith("..") else r

    def add(self, inst: Install, cwd: str | None) -> str | None:
        """Add what ``inst`` reads; the reason it cannot move before the source COPY, or None."""
        if cwd is None:
            return "a `cd` before the install uses a variable"
        wanted = []
        for p in inst.named:
            r = self.rel(cwd, p)
            if r is None:
                return f"`{p}` is not under the COPY's destination {self.dst}"
            wanted.append(r)
        if inst.eco != "pip":
            self.all_named = False
            why = self._from_context(inst, cwd, wanted)
            if why:
                return why
        # content checks
        for r in list(wanted):
            why, extra = _content(inst, self.context, r)
            if why == "unchecked":
                self.checked = False
            elif why:
                return why
            for e in extra:
                if e not in wanted:
                    wanted.append(e)
                    self.all_named = False
        for r in wanted:
            if r not in self.manifests:
                self.manifests.append(r)
        return None

    def _from_context(self, inst: Install, cwd: str, wanted: list[str]) -> str | None:
        """The manifests and folders an install reads by convention, as the build context has them."""
        context = self.context
        if context is None:
            return "no build context to see which manifest files exist (use --context)"
        for p in inst.required:
            r = self.rel(cwd, p)
            if r is None:
                return f"the install's folder is not under the COPY's destination {self.dst}"
            if not os.path.isfile(os.path.join(context, r)):
                return f"{r} is not in the build context ({context}); use --context"
            wanted.append(r)
        for p in inst.optional:
            r = self.rel(cwd, p)
            if r is not None and os.path.isfile(os.path.join(context, r)):
                wanted.append(r)
        for p in inst.dirs:
            r = self.rel(cwd, p)
            if r is not None and os.path.isdir(os.path.join(context, r)):
                self.dirs.append(r)
        return None


def _edits(doc, copy_ins, run, dst_dir: str, found: _Manifests, split, early: bool = False) -> list[Edit]:
    """COPY the manifests where the source COPY was (``early``: right before the install RUN);
    move the source COPY after the install."""
    nl = doc.newline
    kw = keyword_case("COPY", copy_ins)
    flags = " ".join(f.raw for f in copy_ins.flags)
    flags = (flags + " ") if flags else ""
    groups: dict[str, list[str]] = {}
    for r in found.manifests:
        d = posixpath.dirname(r)
        groups.setdefault(d, []).append(r)
    lines = []
    for d, files in groups.items():
        target = dst_dir if not d else dst_dir + d + "/"
        lines.append(f"{kw} {flags}{' '.join(_q(f) for f in files)} {_q(target)}")
    for d in found.dirs:
        lines.append(f"{kw} {flags}{_q(d)} {_q(dst_dir + d)}")
    text = doc.text
    copy_text = text[copy_ins.start:copy_ins.end]
    ends_nl = copy_text.endswith("\n")
    new_copy = nl.join(lines) + (nl if ends_nl else "")
    at = run.end
    moved = copy_text if ends_nl else copy_text + nl
    if early:
        edits = [Edit(copy_ins.start, copy_ins.end, ""),
                 Edit.insert(run.start, new_copy if ends_nl else new_copy + nl)]
    else:
        edits = [Edit(copy_ins.start, copy_ins.end, new_copy)]
    if split is not None:
        rflags = " ".join(f.raw for f in run.flags)
        edits.append(Edit(split[0], split[1], nl + moved + run.keyword.text + " " + (rflags + " " if rflags else "")))
    elif text[at - 1:at] == "\n":
        edits.append(Edit.insert(at, moved))
    else:
        edits.append(Edit(at - 1, at, text[at - 1] + nl + moved.rstrip("\r\n")))
    return edits


def _q(p: str) -> str:
    return p
