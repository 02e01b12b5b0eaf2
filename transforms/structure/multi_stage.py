"""Split a single-stage build into a builder stage and a small runtime stage."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import DISPLAY_ONLY, UNSAFE, Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.semantic import images as im
from dockfix.semantic.model import model_of
from dockfix.semantic.roles import installed_packages
from dockfix.syntax.text import keyword_case

# instructions that may follow the build step: they become the runtime stage's
_TAIL_OK = {"ENV", "EXPOSE", "CMD", "ENTRYPOINT", "LABEL", "VOLUME", "HEALTHCHECK", "STOPSIGNAL", "ARG", "WORKDIR",
            "USER", "COPY", "MAINTAINER"}
_TOOLCHAIN_ENV = re.compile(r"^(GO\w*|CGO_\w+|CARGO\w*|RUSTUP\w*|RUSTFLAGS|MAVEN\w*|GRADLE\w*|PATH|JAVA_HOME|"
                            r"NPM_CONFIG_\w+|YARN_\w+|PIP_\w+)$")
_DEBIAN_CODENAME = re.compile(r"(bookworm|bullseye|buster|trixie)")
_TEMURIN_JRE = {"8", "11", "17", "21", "22", "23", "24", "25"}
_ALPINE_VER = re.compile(r"alpine(\d+\.\d+)?")
# packages only the build needs (the runtime stage leaves them out)
_BUILD_ONLY = {"gcc", "g++", "cpp", "make", "build-essential", "clang", "cmake", "pkg-config", "pkgconf", "autoconf",
               "automake", "libtool", "ninja-build", "meson", "gfortran", "binutils", "dpkg-dev", "swig", "cython3",
               "build-base", "musl-dev", "linux-headers"}
_ACCOUNT_TOOLS = ("useradd", "adduser", "groupadd", "addgroup")
# metadata set before the build that the runtime stage repeats
_CARRIED = ("LABEL", "EXPOSE", "HEALTHCHECK", "STOPSIGNAL", "MAINTAINER", "VOLUME", "CMD", "ENTRYPOINT")
# folders the builder writes that nothing at run time reads
_SCRATCH = ("/tmp", "/var/tmp", "/var/lib/apt", "/var/cache", "/root/.cache", "/var/log", "/usr/src")


class _Plan:
    def __init__(self, eco, build, artifacts, runtime, prelude=(), check=""):
        self.eco = eco
        self.build = build  # the RUN that builds
        self.artifacts = artifacts  # absolute paths in the builder
        self.runtime = runtime  # runtime image
        self.prelude = list(prelude)  # extra lines for the runtime stage (before the artifact COPY)
        self.check = check  # what the user must check


class MultiStage(Transform):
    name = "multi-stage"
    code = "DF222"
    summary = "Build in a builder stage and ship only the artifact in a small runtime stage"
    hadolint = ()
    buildkit = ()
    applicability = DISPLAY_ONLY
    max_applicability = UNSAFE
    links = ("https://docs.docker.com/build/building/multi-stage/",)
    explanation = """
What: a single-stage Dockerfile that installs a toolchain to build an
artifact becomes a builder stage (the original, named `build`) and a runtime
stage that copies only the artifact, at the same path:
  Go      `go build -o BIN` -> gcr.io/distroless/static-debian12 when
          CGO_ENABLED=0, distroless/base (glibc) otherwise, alpine for
          golang:*-alpine, debian:<codename>-slim for shell-form commands
  Rust    `cargo build --release` -> debian:<codename>-slim (or alpine) +
          target/release/BIN (the binary the CMD/ENTRYPOINT runs)
  Java    `mvn package` / `gradle build` -> eclipse-temurin:<n>-jre + the jar
          the CMD runs (`java -jar X.jar`)
  Node    `npm ci && npm run build` -> the same node image with the package
          manifests, `npm ci --omit=dev` and the build output folder the CMD
          runs from (dist/, build/, ...)
ENV (but toolchain variables), WORKDIR, EXPOSE, USER, CMD, ENTRYPOINT and
the other metadata after the build stay in the runtime stage; ENV, ARG,
LABEL, EXPOSE, HEALTHCHECK, VOLUME, CMD set before the build are repeated
there. Python: the runtime stage installs the packages the builder
installed, compilers left out and each -dev package replaced by its runtime
libraries (libpq-dev -> libpq5; the table data/debian_runtime_libs.txt was
read from Debian bookworm's Depends with apt-cache, 2026-12-03).

Why: compilers, headers, package caches and sources are not needed at run
time; shipping them makes images 5-50x larger and gives an attacker a
toolchain. Docker's multi-stage builds keep them in a stage that is never
shipped.

Example:
    FROM golang:1.22
    WORKDIR /src
    COPY . .
    RUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app
    CMD ["/bin/app"]
becomes
    FROM golang:1.22 AS build
    WORKDIR /src
    COPY . .
    RUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app
    FROM gcr.io/distroless/static-debian12
    WORKDIR /src
    COPY --from=build /bin/app /bin/app
    CMD ["/bin/app"]

Fix safety: display-only (shown by --diff, written only with
--unsafe-fixes). What you must check: files the program reads at run time
besides the artifact (templates, static files, configs, migrations) are not
copied; shared libraries a cgo binary or a Rust binary links against, CA
certificates and time zone data may be missing from the runtime image;
distroless has no shell. Refused when something other than metadata or a
COPY from the context follows the build, when the artifact's path is not
known (no `-o`, a `cd`, variables), when the command does not run the
artifact, for Windows images and for files that already have stages; when
a -dev package's runtime libraries are not known (not in the table, or a
Debian release other than bookworm: a compiled wheel's needs show in its
.so files only at build time), when an ENV mixes toolchain and runtime
variables, when a RUN before the build makes an account or files outside
what the runtime stage copies (`mkdir -p /documents`), and for a
USER/SHELL/ONBUILD before the build.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        if len(doc.stages) != 1 or doc.is_windows:
            return
        stage = doc.stages[0]
        image = ctx.model.base_image(stage)
        if not image:
            return
        n = im.split_image(image)
        plan = None
        for detect in (self._go, self._rust, self._java, self._node, self._python):
            plan = detect(doc, stage, n)
            if plan is not None:
                break
        if plan is None:
            return
        msg = "single-stage build ships its toolchain"
        if isinstance(plan, str):
            yield ctx.finding(self, stage.from_, msg, refused=plan)
            return
        res = self._edits(doc, stage, plan)
        if isinstance(res, str):
            yield ctx.finding(self, stage.from_, msg, refused=res)
            return
        app = UNSAFE if ctx.unsafe_fixes else DISPLAY_ONLY
        fix = Fix(res, app, message=f"builder stage + {plan.runtime} runtime stage")
        yield ctx.finding(self, stage.from_, f"{msg}; build in a stage and run from {plan.runtime} "
                                             f"(check: {plan.check})", fix=fix)

    # -- helpers ----------------------------------------------------------------
    def _env(self, doc, stage):
        from dockfix.semantic.variables import env_decls

        out = {}
        for ins in stage.instructions:
            if ins.cmd == "ENV":
                out.update(dict(env_decls(ins)))
        return out

    def _workdir_at(self, doc, stage, upto):
        """The WORKDIR in force at ``upto``: None when none is set, "?" when unknown."""
        state = model_of(doc).workdir_state(upto)
        if state is None or state.set_by is None:
            return None
        return "?" if state.cwd is None else state.cwd

    def _abs(self, wd, p):
        if p.startswith("/"):
            return im.normpath(p)
        if wd is None or wd == "?":
            return None
        return im.normpath(posixpath.join(wd, p))

    def _entry_words(self, stage):
        """The argv of ENTRYPOINT + CMD (exec form values or whitespace words)."""
        entry = cmd = None
        for ins in stage.instructions:
            if ins.cmd == "ENTRYPOINT":
                entry = ins
            elif ins.cmd == "CMD":
                cmd = ins
        words = []
        shell = False
        for ins in (entry, cmd):
            if ins is None:
                continue
            if ins.json and ins.json_values is not None:
                words += list(ins.json_values)
            else:
                import shlex

                shell = True
                try:
                    words += shlex.split(ins.args)
                except ValueError:
                    words.append(ins.args)
        return words, shell, (entry or cmd)

    def _build_cmds(self, doc, stage, pred):
        """(RUN, SimpleCommand) of the last build command matching pred."""
        found = None
        for ins, view in model_of(doc).stage_runs(stage):
            for c in view.commands():
                if pred(c):
                    found = (ins, c, view)
        return found

    def _has_cd(self, view):
        return any(c.name == "cd" for c in view.commands())

    # -- ecosystems ---------------------------------------------------------------
    def _go(self, doc, stage, n):
        if n.base != "golang":
            return None
        got = self._build_cmds(doc, stage, lambda c: c.name == "go" and len(c.argv) > 1 and c.argv[1].value == "build")
        if got is None:
            return None
        run, cmd, view = got
        vals = [w.value for w in cmd.argv]
        out = None
        for i, v in enumerate(vals):
            if v == "-o" and i + 1 < len(vals):
                out = vals[i + 1]
            elif v and v.startswith("-o="):
                out = v[3:]
        if out is None:
            return "`go build` has no -o (or it uses a variable): the binary's path is not known"
        if self._has_cd(view):
            return "the build RUN changes folder with cd"
        wd = self._workdir_at(doc, stage, run)
        path = self._abs(wd, out)
        if path is None or path.endswith("/"):
            return "the binary's path is not known (relative -o and no WORKDIR, or a folder)"
        words, shell, _ = self._entry_words(stage)
        if not self._runs(words, path, wd):
            return f"CMD/ENTRYPOINT does not run the built binary {path}"
        env = self._env(doc, stage)
        cgo_off = env.get("CGO_ENABLED") == "0" or any(a.text == "CGO_ENABLED=0" for a in cmd.assignments)
        healthcheck = any(i.cmd == "HEALTHCHECK" for i in stage.instructions)
        if "alpine" in n.tag:
            m = _ALPINE_VER.search(n.tag)
            runtime = f"alpine:{m.group(1) or '3'}" if m else "alpine:3"
        elif shell or healthcheck:
            runtime = f"debian:{self._codename(n)}-slim"
        else:
            runtime = "gcr.io/distroless/static-debian12" if cgo_off else "gcr.io/distroless/base-debian12"
        check = "files the binary reads at run time are not copied"
        if not cgo_off:
            check += "; a cgo binary needs the runtime image's C library"
        return _Plan("go", run, [path], runtime, check=check)

    def _rust(self, doc, stage, n):
        if n.base != "rust":
            return None
        got = self._build_cmds(doc, stage, lambda c: c.name == "cargo" and len(c.argv) > 1 and c.argv[1].value == "build")
        if got is None:
            return None
        run, cmd, view = got
        vals = [w.value for w in cmd.argv]
        if "--release" not in vals and "-r" not in vals:
            return "`cargo build` is not a --release build"
        if any(v and (v.startswith("--target") or v.startswith("--profile") or v.startswith("--target-dir")) for v in vals):
            return "`cargo build` uses --target/--profile: the output folder is not the usual one"
        if self._has_cd(view) or "CARGO_TARGET_DIR" in self._env(doc, stage):
            return "the build changes folder (cd or CARGO_TARGET_DIR)"
        wd = self._workdir_at(doc, stage, run)
        if wd in (None, "?"):
            return "no WORKDIR: the target folder is not known"
        words, shell, _ = self._entry_words(stage)
        target = posixpath.join(wd, "target", "release")
        binary = None
        for w in words[:2]:
            p = self._abs(wd, w)
            if p and posixpath.dirname(p) == target:
                binary = p
                break
        if binary is None:
            return f"CMD/ENTRYPOINT does not run a binary from {target}"
        if "alpine" in n.tag:
            m = _ALPINE_VER.search(n.tag)
            runtime = f"alpine:{m.group(1) or '3'}" if m else "alpine:3"
        else:
            runtime = f"debian:{self._codename(n)}-slim"
        return _Plan("rust", run, [binary], runtime,
                     check="shared libraries the binary links (libssl, ...), CA certificates and files it reads are not copied")

    def _java(self, doc, stage, n):
        if n.base not in ("maven", "gradle", "eclipse-temurin", "openjdk", "amazoncorretto"):
            return None

        def is_build(c):
            names = ("mvn", "./mvnw", "mvnw", "gradle", "./gradlew", "gradlew")
            if c.name not in names:
                return False
            return any(w.value in ("package", "install", "verify", "build", "bootJar", "jar", "assemble", "shadowJar")
                       for w in c.argv[1:])
        got = self._build_cmds(doc, stage, is_build)
        if got is None:
            return None
        run, cmd, view = got
        if self._has_cd(view):
            return "the build RUN changes folder with cd"
        wd = self._workdir_at(doc, stage, run)
        words, shell, _ = self._entry_words(stage)
        jar = None
        for i, w in enumerate(words):
            if w == "-jar" and i + 1 < len(words):
                jar = self._abs(wd, words[i + 1])
        if jar is None or any(c in jar for c in "*?$"):
            return "CMD/ENTRYPOINT does not run a jar by its path (java -jar X.jar)"
        ver = re.search(r"(?:jdk|temurin|openjdk|corretto)-?(\d+)", n.tag) or re.search(r"^(\d+)", n.tag)
        if not ver:
            return f"the Java version of {n.raw} is not known"
        if ver.group(1) not in _TEMURIN_JRE:
            return f"no eclipse-temurin JRE image is published for Java {ver.group(1)}"
        variant = "-jre-alpine" if "alpine" in n.tag else "-jre"
        runtime = f"eclipse-temurin:{ver.group(1)}{variant}"
        return _Plan("java", run, [jar], runtime,
                     check="other files the application reads at run time are not copied; the JRE must match the build's release")

    def _node(self, doc, stage, n):
        if n.base != "node":
            return None

        def is_build(c):
            vals = [w.value for w in c.argv]
            return (c.name in ("npm", "yarn", "pnpm") and len(vals) > 2 and vals[1] == "run" and vals[2] == "build") or \
                (c.name in ("yarn", "pnpm") and len(vals) > 1 and vals[1] == "build")
        got = self._build_cmds(doc, stage, is_build)
        if got is None:
            return None
        run, cmd, view = got
        if cmd.name != "npm":
            return "only npm projects are split automatically"
        if self._has_cd(view):
            return "the build RUN changes folder with cd"
        wd = self._workdir_at(doc, stage, run)
        if wd in (None, "?"):
            return "no WORKDIR: the project folder is not known"
        # the manifests COPY and the install
        manifest_copy = None
        install = None
        for ins in stage.instructions:
            if ins is run:
                break
            if ins.cmd == "COPY" and ins.flag("from") is None and not ins.json:
                srcs = [w.text for w in ins.plain_words()[:-1]]
                if srcs and all(posixpath.basename(s).startswith(("package", "npm-shrinkwrap", ".npmrc")) for s in srcs):
                    manifest_copy = ins
            if ins.cmd == "RUN":
                t = ins.line_text
                if re.search(r"(?<![\w-])npm\s+(ci|install|i)(?![\w-])", t):
                    install = "ci" if re.search(r"npm\s+ci\b", t) else "install"
        if manifest_copy is None or install is None:
            return "no `COPY package*.json` + `npm ci`/`npm install` before the build to repeat in the runtime stage"
        words, shell, _ = self._entry_words(stage)
        out_dir = None
        for w in words:
            if w.startswith("-") or w in ("node", "npm", "yarn", "exec", "start"):
                continue
            p = self._abs(wd, w)
            if p and p.startswith(wd + "/"):
                rel = posixpath.relpath(p, wd)
                if "/" in rel:
                    out_dir = posixpath.join(wd, rel.split("/", 1)[0])
                break
        if out_dir is None or posixpath.basename(out_dir) in ("src", "node_modules"):
            return "CMD/ENTRYPOINT does not run a file from the build output folder (e.g. node dist/index.js)"
        kw = keyword_case("RUN", stage.from_)
        prelude = [doc.text[manifest_copy.start:manifest_copy.end].rstrip("\r\n"),
                   f"{kw} npm {install} --omit=dev && npm cache clean --force"]
        return _Plan("node", run, [out_dir], image if (image := model_of(doc).base_image(stage)) else n.raw, prelude=prelude,
                     check="files the server reads outside the build output (public/, views/, configs) are not copied")

    def _python(self, doc, stage, n):
        if n.base not in ("python", "pypy"):
            return None
        build_pkgs = re.compile(r"(?<![\w.+-])(gcc|g\+\+|build-essential|build-base|musl-dev|clang|make|"
                                r"python3?-dev|[\w.+-]+-dev|[\w.+-]+-devel)(?![\w.+-])")
        toolchain = None
        last_run = None
        for ins in stage.instructions:
            if ins.cmd != "RUN":
                continue
            last_run = ins
            t = ins.line_text
            if re.search(r"(apt-get|apt|apk|yum|dnf)\s[^;&|]*\b(install|add)\b", t) and build_pkgs.search(t):
                toolchain = ins
        if toolchain is None or last_run is None:
            return None
        pip_runs = [i for i in stage.instructions if i.cmd == "RUN" and re.search(r"\bpip3?\s+install\b|-m\s+pip\s+install", i.line_text)]
        if not pip_runs or pip_runs[-1].start < toolchain.start:
            return None
        if any(re.search(r"--user\b|--target\b|--prefix\b|(?<![\w-])-t\s", i.line_text) for i in pip_runs):
            return "pip installs into a custom folder (--user/--target/--prefix)"
        if any(re.search(r"\b(venv|virtualenv|poetry|pipenv|conda|uv)\b", i.line_text) for i in stage.instructions if i.cmd == "RUN"):
            return "the build uses a virtualenv/poetry/pipenv/conda/uv: copy its folder by hand"
        ver = re.match(r"^(\d+\.\d+)", n.tag)
        if not ver:
            return f"the Python version of {n.raw} is not in its tag"
        runtime_pkgs = self._runtime_packages(doc, stage, last_run, n)
        if isinstance(runtime_pkgs, str):
            return runtime_pkgs
        wd = self._workdir_at(doc, stage, last_run)
        if wd == "?":
            return "a WORKDIR uses variables or quotes"
        app_paths = self._copied_paths(doc, stage, last_run, wd)
        if isinstance(app_paths, str):
            return app_paths
        if "alpine" in n.tag:
            runtime = n.raw
        elif "slim" in n.tag:
            runtime = n.raw
        else:
            m = _DEBIAN_CODENAME.search(n.tag)
            runtime = f"{n.repo}:{ver.group(1)}-slim" + (f"-{m.group(1)}" if m else "")
        base = "pypy" if n.base == "pypy" else "python"
        site = f"/usr/local/lib/{base}{ver.group(1)}/site-packages"
        prelude = []
        if runtime_pkgs:
            kw = keyword_case("RUN", stage.from_)
            prelude.append(f"{kw} apt-get update && apt-get install -y --no-install-recommends "
                           f"{' '.join(runtime_pkgs)} && rm -rf /var/lib/apt/lists/*")
        return _Plan("python", last_run, [site, "/usr/local/bin"] + app_paths, runtime, prelude=prelude,
                     check="a compiled wheel may link a library no -dev package of the file names "
                           "(its .so files tell, at build time); files written outside the WORKDIR are not copied")

    def _runtime_packages(self, doc, stage, upto, n) -> list[str] | str:
        """The packages the runtime stage installs: the runtime libraries of the -dev packages
        (data/debian_runtime_libs.txt, Debian bookworm) and the builder's other packages
        (compilers and build tools left out); or why they are not known."""
        fam = model_of(doc).family(stage)
        codename = m.group(1) if (m := _DEBIAN_CODENAME.search(n.tag)) else None
        out: list[str] = []
        for pkg, ins in installed_packages(model_of(doc), [stage]):
            if ins.start >= upto.start or pkg in _BUILD_ONLY or pkg in out:
                continue
            if fam != im.DEBIAN:
                return (f"{pkg} (line {ins.line}) would be missing from the runtime stage: only Debian packages "
                        "are carried")
            if re.search(r"-(dev|devel)$", pkg):
                libs = im.runtime_libraries(pkg, codename)
                if libs is None:
                    where = f"Debian {codename}" if codename else f"{n.raw} (its Debian release is not in the tag)"
                    return (f"the runtime libraries of {pkg} (line {ins.line}) are not known for {where}: the table "
                            f"is Debian {im.RUNTIME_LIBS_RELEASE}'s; a compiled wheel's needs show in its .so files "
                            "only at build time")
                out += [x for x in libs if x not in out]
            else:
                out.append(pkg)
        return out

    def _copied_paths(self, doc, stage, upto, wd):
        """Where the application's files are in the builder: the WORKDIR, or what
        the COPY/ADD instructions before ``upto`` wrote (absolute paths only)."""
        system = {"/", "/tmp", "/usr", "/usr/local", "/usr/local/bin", "/usr/bin", "/etc", "/root", "/opt", "/var",
                  "/home", "/srv", "/usr/src", "/usr/local/lib", "/bin", "/lib"}
        out = [wd] if wd and wd not in {"/", "/usr", "/usr/local", "/etc", "/bin", "/usr/bin", "/lib", "/var", "/tmp"} else []
        for ins in stage.instructions:
            if ins is upto:
                break
            if ins.cmd not in ("COPY", "ADD") or ins.flag("from") is not None or ins.json or ins.heredocs:
                continue
            words = [w.text for w in ins.plain_words()]
            if len(words) < 2 or any("$" in w or "://" in w for w in words):
                return f"{ins.cmd} on line {ins.line} uses variables or a URL"
            dest = words[-1]
            full = self._abs(wd, dest)
            if full is None:
                return "no WORKDIR and a relative COPY destination: where the application's files are is not known"
            paths = [full] if im.normpath(full) not in system else \
                [posixpath.join(full, posixpath.basename(src.rstrip("/"))) for src in words[:-1]]
            for p in paths:
                p = im.normpath(p)
                if p in system or any(c in p for c in "*?["):
                    return f"{ins.cmd} on line {ins.line} writes into {p}: copy the application's files by hand"
                if not any(p == q or p.startswith(q.rstrip("/") + "/") for q in out):
                    out = [q for q in out if not q.startswith(p.rstrip("/") + "/")] + [p]
        if not out:
            return "no WORKDIR and no COPY: where the application's files are is not known"
        return out

    def _codename(self, n):
        m = _DEBIAN_CODENAME.search(n.tag)
        return m.group(1) if m else "bookworm"

    def _runs(self, words, path, wd):
        for w in words[:3]:
            p = self._abs(wd, w) if ("/" in w or wd) else None
            if p == path or w == posixpath.basename(path) and path.startswith(("/usr/local/bin/", "/usr/bin/", "/bin/")):
                return True
        return False

    def _reads_builder_files(self, doc, stage, plan):
        """Why the runtime stage would miss a file CMD/ENTRYPOINT names: an absolute path in
        the builder's source folders that is not an artifact (``--templates /src/templates``)."""
        words, _, _ = self._entry_words(stage)
        wd = self._workdir_at(doc, stage, plan.build)
        dirs = self._copied_paths(doc, stage, plan.build, wd if wd != "?" else None)
        if isinstance(dirs, str):
            dirs = [wd] if wd and wd not in ("?", "/") else []
        under = lambda p, q: p == q or p.startswith(q.rstrip("/") + "/")  # noqa: E731
        for w in words:
            for part in w.replace("=", " ").replace(":", " ").split():
                if not part.startswith("/"):
                    continue
                p = im.normpath(part)
                if any(under(p, a) or under(a, p) for a in plan.artifacts):
                    continue
                if any(under(p, d) for d in dirs):
                    return f"CMD/ENTRYPOINT uses {part}, which only the builder stage has"
        return None

    # -- edits ------------------------------------------------------------------
    def _edits(self, doc, stage, plan):
        """The edits that split the stage, or why not."""
        why = self._refusal(doc, stage, plan)
        if why:
            return why
        return _render(doc, stage, plan)

    def _refusal(self, doc, stage, plan) -> str | None:
        ins_list = stage.instructions
        k = ins_list.index(plan.build)
        tail = ins_list[k + 1:]
        why = _tail_refusal(tail, plan)
        if why:
            return why
        if doc.text[:ins_list[-1].end].rstrip(" \t\r\n").endswith(doc.escape) and not doc.text[ins_list[-1].end:].strip():
            return "the file ends inside a line continuation"
        why = self._reads_builder_files(doc, stage, plan)
        if why:
            return why
        if plan.runtime != stage.image:
            from dockfix.transforms.images.base_image import _ALPINE_MISSING, _SLIM_MISSING

            rx = _ALPINE_MISSING if plan.runtime.startswith("alpine") else _SLIM_MISSING
            for t in tail + [i for i in ins_list[1:k] if i.cmd in _CARRIED]:
                m = rx.search(t.args) if t.cmd in ("CMD", "ENTRYPOINT", "HEALTHCHECK") else None
                if m:
                    return f"{t.cmd} on line {t.line} runs `{m.group(1)}`, which {plan.runtime} may not have"
        for ins in ins_list[1:k]:
            # the ARGs are repeated in the runtime stage
            if ins.cmd == "ARG" and ins.is_multiline:
                return f"the ARG on line {ins.line} spans several lines"
            why = _before_build_refusal(doc, ins, plan)
            if why:
                return why
        view = model_of(doc).shell_view(plan.build)
        made = next((c.name for c in (view.commands() if view is not None else ())
                     if (c.name or "").rsplit("/", 1)[-1] in _ACCOUNT_TOOLS), None)
        if made:
            # (non-root-user's own RUN, for one): the runtime stage would run as an account it lacks
            return (f"the RUN on line {plan.build.line} makes an account ({made}), which the runtime stage would "
                    "not have")
        return None


def _before_build_refusal(doc, ins, plan) -> str | None:
    """An instruction before the build whose effect the runtime stage would lose: an ENV that
    sets both toolchain and runtime variables, a USER/SHELL/ONBUILD, a RUN that makes an
    account or files outside what the runtime stage copies."""
    from dockfix.semantic.variables import env_decls

    if ins.cmd == "ENV":
        keys = [kk for kk, _ in env_decls(ins)]
        kept = [kk for kk in keys if not _TOOLCHAIN_ENV.match(kk)]
        if kept and len(kept) < len(keys):
            return (f"the ENV on line {ins.line} sets toolchain variables and {kept[0]}, which the runtime "
                    "stage needs: split it")
    elif ins.cmd in ("USER", "SHELL", "ONBUILD"):
        return f"{ins.cmd} on line {ins.line} comes before the build: the runtime stage would not have it"
    elif ins.cmd == "RUN" and ins is not plan.build:
        view = model_of(doc).shell_view(ins)
        if view is None:
            return f"the RUN on line {ins.line} is not a shell script this fix reads"
        keep = list(plan.artifacts) + _stage_dirs(doc, ins.stage)
        wd = model_of(doc).workdir_state(ins)
        cwd = wd.cwd if wd is not None and wd.set_by is not None else None
        for c in view.commands():
            base = (c.name or "").rsplit("/", 1)[-1]
            if base in _ACCOUNT_TOOLS:
                return (f"the RUN on line {ins.line} makes an account ({base}), which the runtime stage would "
                        "not have")
            if base not in ("mkdir", "touch", "ln", "cp", "mv", "install", "tee", "chmod", "chown"):
                continue
            for v in c.arg_values()[1 if base in ("chmod", "chown") else 0:]:
                if v is None or v.startswith("-"):
                    continue
                p = v if v.startswith("/") else (posixpath.join(cwd, v) if cwd else None)
                if p is None:
                    return f"the RUN on line {ins.line} runs {base} {v} in a folder this fix does not know"
                p = im.normpath(p)
                if not any(p == q or p.startswith(q.rstrip("/") + "/") for q in keep + list(_SCRATCH)):
                    return (f"the RUN on line {ins.line} makes {p} ({base}), which the runtime stage would not "
                            "have: copy it there by hand")
    return None


def _stage_dirs(doc, stage) -> list[str]:
    """The WORKDIRs of the stage (the runtime stage repeats them, so they exist there) and the
    folders its COPY/ADD fill from the context (sources: the build reads them, the program does not)."""
    out = []
    for ins in stage.instructions:
        state = model_of(doc).workdir_state(ins)
        cwd = state.cwd if state is not None and state.set_by is not None else None
        if ins.cmd == "WORKDIR" and cwd:
            out.append(cwd)
        elif ins.cmd in ("COPY", "ADD") and ins.flag("from") is None and not ins.json:
            words = [w.text for w in ins.plain_words()]
            dest = words[-1] if len(words) > 1 else ""
            if dest and "$" not in dest and (dest.startswith("/") or cwd):
                out.append(im.normpath(dest if dest.startswith("/") else posixpath.join(cwd or "/", dest)))
    return out


def _tail_refusal(tail, plan) -> str | None:
    """An instruction after the build that the runtime stage cannot take over."""
    for t in tail:
        if t.cmd not in _TAIL_OK:
            return f"{t.cmd} on line {t.line} follows the build; the runtime stage would need it too"
        if t.cmd == "COPY" and (t.flag("from") is not None or t.heredocs):
            return f"COPY on line {t.line} copies from another stage or a heredoc"
        if t.cmd == "USER":
            u = t.args.strip().split(":")[0]
            if not (u.isdigit() or (u == "nonroot" and "distroless" in plan.runtime) or
                    (u == "node" and plan.eco == "node")):
                return f"USER {u} (line {t.line}) may not exist in the runtime image {plan.runtime}"
    return None


def _render(doc, stage, plan) -> list[Edit]:
    """Name the build stage; add the runtime stage (FROM, WORKDIR/ARG/ENV from before the build, prelude,
    artifacts) before the instructions that followed the build."""
    ins_list = stage.instructions
    k = ins_list.index(plan.build)
    tail = ins_list[k + 1:]
    nl = doc.newline
    from_ = stage.from_
    kw = lambda w: keyword_case(w, from_)  # noqa: E731
    edits = []
    name = stage.name
    if name is None:
        name = "build"
        edits.append(Edit.insert(from_.args_end, f" {kw('AS')} build"))
    lines = [f"{kw('FROM')} {plan.runtime}"]
    for ins in ins_list[1:k]:
        if ins.cmd == "WORKDIR":
            lines.append(doc.text[ins.start:ins.end].rstrip("\r\n"))
        elif ins.cmd == "ARG":
            # the ENV/WORKDIR lines repeated here, and EXPOSE/LABEL/... after the build, may use it:
            # an ARG is scoped to its stage (and is not stored in the image)
            lines.append(doc.text[ins.start:ins.end].rstrip("\r\n"))
        elif ins.cmd == "ENV":
            from dockfix.semantic.variables import env_decls

            keys = [kk for kk, _ in env_decls(ins)]
            if keys and not any(_TOOLCHAIN_ENV.match(kk) for kk in keys):
                lines.append(doc.text[ins.start:ins.end].rstrip("\r\n"))
        elif ins.cmd in _CARRIED:
            lines.append(doc.text[ins.start:ins.end].rstrip("\r\n"))
    lines += plan.prelude
    for a in plan.artifacts:
        lines.append(f"{kw('COPY')} --from={name} {a} {a}")
    block = nl + nl.join(lines)  # a blank line before the new stage
    if tail:
        at = tail[0].leading_start
        edits.append(Edit.insert(at, block + nl))
    else:
        at = plan.build.end
        if doc.text[at - 1:at] == "\n":
            edits.append(Edit.insert(at, block + nl))
        else:
            edits.append(Edit(at - 1, at, doc.text[at - 1] + nl + block))
    return edits
