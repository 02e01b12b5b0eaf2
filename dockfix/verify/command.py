"""``dockfix verify``: prove a fix by building the image before and after.

Builds the original Dockerfile and the fixed one (what ``dockfix --fix``
with the same flags would write, or a second file given with ``--against``)
with a real builder (buildah, podman or docker), then compares the two final
images: the file tree and the config (``dockfix.verify.imagediff``).  Every
difference is *expected* (declared by a fix that was applied), *ignored* (a
volatile path: caches, logs, /tmp...) or *unexpected*.

Exit codes: 0 both built and nothing unexpected differs (or nothing to
fix); 1 something unexpected differs, or the fixed file fails to build while
the original builds; 2 the original does not build (nothing to prove), bad
input or usage, or no builder.

``verify_paths(...)`` is the same as a function returning a dict (for the PR bot).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable

from dockfix.fixing.selection import add_arguments, csv, overrides, parse_options, unknown_selector
from dockfix.semantic.model import model_of

BUILDERS = ("buildah", "podman", "docker")
LOG_TAIL = 25  # lines of a failed build's output kept in the report


class VerifyError(Exception):
    def __init__(self, message: str, path: str | None = None, line: int = 1, col: int = 1):
        super().__init__(message)
        self.message, self.path, self.line, self.col = message, path, line, col

    def render(self) -> str:
        if self.path:
            return f"{self.path}:{self.line}:{self.col}: error: {self.message}"
        return f"dockfix verify: error: {self.message}"


# ---------------------------------------------------------------- builders


@dataclass
class BuildResult:
    ok: bool
    seconds: float
    log_tail: str = ""
    size: int | None = None  # bytes, sum of the uncompressed layers
    layers: int | None = None
    image_id: str | None = None
    config: dict | None = None

    def as_dict(self) -> dict:
        return {"built": self.ok, "seconds": round(self.seconds, 2), "size": self.size, "layers": self.layers,
                "image_id": self.image_id, "log_tail": None if self.ok else self.log_tail}


def _run(argv: list[str], timeout: float | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, errors="replace", timeout=timeout, **kw)


def _build_options(target, build_args, no_cache) -> list[str]:
    """The flags every builder spells alike: --target, --build-arg, --no-cache."""
    out = ["--target", target] if target else []
    for ba in build_args:
        out += ["--build-arg", ba]
    if no_cache:
        out.append("--no-cache")
    return out


class Builder:
    """Build, inspect, read and remove images with one command-line builder."""

    name = ""

    def __init__(self, exe: str):
        self.exe = exe

    def base(self) -> list[str]:
        return [self.exe]

    def build_argv(self, dockerfile: str, context: str, tag: str, target: str | None,
                   build_args: list[str], no_cache: bool) -> list[str]:
        raise NotImplementedError

    def build(self, dockerfile: str, context: str, tag: str, target: str | None = None,
              build_args: list[str] | None = None, no_cache: bool = False, timeout: float | None = None) -> BuildResult:
        argv = self.build_argv(dockerfile, context, tag, target, list(build_args or []), no_cache)
        t0 = time.monotonic()
        try:
            p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            return BuildResult(False, time.monotonic() - t0, f"build timed out after {timeout:.0f}s")
        except OSError as e:
            return BuildResult(False, time.monotonic() - t0, f"cannot run {self.exe}: {e}")
        secs = time.monotonic() - t0
        tail = "\n".join(p.stdout.splitlines()[-LOG_TAIL:])
        if p.returncode != 0:
            return BuildResult(False, secs, tail)
        res = BuildResult(True, secs, tail)
        self.inspect(tag, res)
        return res

    def inspect(self, tag: str, res: BuildResult) -> None:
        raise NotImplementedError

    def snapshot(self, tag: str, image_id: str | None = None):
        raise NotImplementedError

    def problem(self) -> str | None:
        """Why this builder cannot build here (None: it can)."""
        return None

    def run_image(self, tag: str, argv: list[str], run_for: float, label: str, smoke: bool = False):
        """Run ``argv`` in a container of ``tag`` with the image's user, working directory and
        environment (``runtime.RunResult``); the container is removed afterwards."""
        raise NotImplementedError

    def remove(self, tag: str) -> None:
        """Remove an image dockfix tagged; when a container of ours still uses it (a run that was
        cut short), remove that too (``rmi -f``) rather than leave the image behind."""
        try:
            if _run(self.base() + ["rmi", tag], timeout=300).returncode != 0:
                _run(self.base() + ["rmi", "-f", tag], timeout=300)
        except (OSError, subprocess.SubprocessError):
            pass


class Buildah(Builder):
    """buildah: no daemon.  Storage driver ``vfs`` and ``chroot`` isolation by
    default (they work as root inside a container); override with
    ``DOCKFIX_STORAGE_DRIVER`` (empty: buildah's own default),
    ``BUILDAH_ISOLATION`` and ``DOCKFIX_BUILDAH_ROOT`` (a separate storage)."""

    name = "buildah"

    def __init__(self, exe: str, root: str | None = None):
        super().__init__(exe)
        self.root = root if root is not None else os.environ.get("DOCKFIX_BUILDAH_ROOT") or None
        self.driver = os.environ.get("DOCKFIX_STORAGE_DRIVER", "vfs")
        self.isolation = os.environ.get("BUILDAH_ISOLATION") or "chroot"

    def base(self) -> list[str]:
        argv = [self.exe]
        if self.root:
            argv += ["--root", os.path.join(self.root, "storage"), "--runroot", os.path.join(self.root, "run")]
        if self.driver:
            argv += ["--storage-driver", self.driver]
        return argv

    def problem(self):
        try:
            p = _run(self.base() + ["images", "-q"], timeout=120)
        except (OSError, subprocess.SubprocessError) as e:
            return str(e)
        if p.returncode != 0:
            lines = (p.stderr or p.stdout).strip().splitlines()
            why = lines[-1] if lines else "buildah images failed"
            if self.driver and "driver" in why:
                why += f" (the storage uses another driver than {self.driver}: set DOCKFIX_STORAGE_DRIVER)"
            return why
        return None

    def build_argv(self, dockerfile, context, tag, target, build_args, no_cache):
        argv = self.base() + ["bud", "--isolation", self.isolation, "--layers", "--force-rm", "--format", "docker",
                              "--pull=false", "-f", dockerfile, "-t", tag]
        return argv + _build_options(target, build_args, no_cache) + [context]

    def inspect(self, tag, res):
        p = _run(self.base() + ["inspect", "--type", "image", tag], timeout=300)
        if p.returncode != 0:
            return
        data = json.loads(p.stdout)
        from dockfix.verify.imagediff import normalize_config

        docker = data.get("Docker") or {}
        oci = data.get("OCIv1") or {}
        cfg = docker.get("config") or oci.get("config") or {}
        res.config = normalize_config(cfg, docker.get("author") or oci.get("author"))
        res.image_id = data.get("FromImageID")
        rootfs = docker.get("rootfs") or oci.get("rootfs") or {}
        res.layers = len(rootfs.get("diff_ids") or [])
        try:
            manifest = json.loads(data.get("Manifest") or "{}")
            res.size = sum(int(layer.get("size", 0)) for layer in manifest.get("layers", []))
        except (ValueError, TypeError):
            res.size = None

    def _vfs_layer_dir(self, image_id: str | None) -> str | None:
        """With the vfs driver an image's top layer directory is its whole file
        system: read it in place instead of copying it into a container."""
        if self.driver != "vfs" or not image_id:
            return None
        try:
            if self.root:
                graph = os.path.join(self.root, "storage")
            else:
                p = _run(self.base() + ["info"], timeout=120)
                graph = json.loads(p.stdout)["store"]["GraphRoot"]
            with open(os.path.join(graph, "vfs-images", "images.json")) as f:
                images = json.load(f)
            layer = next((i.get("layer") for i in images if i.get("id") == image_id), None)
            d = os.path.join(graph, "vfs", "dir", layer) if layer else None
            return d if d and os.path.isdir(d) else None
        except (OSError, ValueError, KeyError, TypeError, subprocess.SubprocessError):
            return None

    def run_image(self, tag, argv, run_for, label, smoke=False):
        from dockfix.verify.runtime import RunResult, new_name, watch

        name = new_name()
        p = _run(self.base() + ["from", "--pull=never", "--name", name, tag], timeout=600)
        if p.returncode != 0:
            return RunResult(label, argv, error=f"buildah from failed: {p.stderr.strip()[-300:]}")
        try:
            return watch(self.base() + ["run", "--isolation", self.isolation, name, "--", *argv], run_for, label, argv)
        finally:
            _run(self.base() + ["rm", name], timeout=300)

    def snapshot(self, tag, image_id=None):
        from dockfix.verify.imagediff import scan_dir

        d = self._vfs_layer_dir(image_id)
        if d is not None:
            return scan_dir(d)
        name = "dockfix-verify-" + uuid.uuid4().hex[:12]
        p = _run(self.base() + ["from", "--pull=never", "--name", name, tag], timeout=600)
        if p.returncode != 0:
            raise VerifyError(f"buildah from {tag} failed: {p.stderr.strip()[-500:]}")
        try:
            m = _run(self.base() + ["mount", name], timeout=300)
            if m.returncode != 0:
                raise VerifyError(f"buildah mount failed: {m.stderr.strip()[-500:]}")
            return scan_dir(m.stdout.strip())
        finally:
            _run(self.base() + ["umount", name], timeout=300)
            _run(self.base() + ["rm", name], timeout=300)


class DockerLike(Builder):
    """docker or podman: ``build``, ``image inspect``, ``create`` + ``export``."""

    def __init__(self, exe: str, name: str):
        super().__init__(exe)
        self.name = name

    def problem(self):
        try:
            p = _run(self.base() + ["info"], timeout=60)
        except (OSError, subprocess.SubprocessError) as e:
            return str(e)
        if p.returncode != 0:
            lines = (p.stderr or p.stdout).strip().splitlines()
            return lines[-1] if lines else f"{self.name} info failed"
        return None

    def build_argv(self, dockerfile, context, tag, target, build_args, no_cache):
        argv = self.base() + ["build", "-f", dockerfile, "-t", tag]
        if self.name == "podman":
            argv += ["--layers", "--force-rm", "--format", "docker"]
        return argv + _build_options(target, build_args, no_cache) + [context]

    def inspect(self, tag, res):
        from dockfix.verify.imagediff import normalize_config

        p = _run(self.base() + ["image", "inspect", tag], timeout=300)
        if p.returncode != 0:
            return
        data = json.loads(p.stdout)
        data = data[0] if isinstance(data, list) and data else data
        res.config = normalize_config(data.get("Config"), data.get("Author"))
        res.image_id = data.get("Id")
        res.layers = len((data.get("RootFS") or {}).get("Layers") or [])
        res.size = data.get("Size")

    def run_image(self, tag, argv, run_for, label, smoke=False):
        from dockfix.verify.runtime import new_name, watch

        name = new_name()
        try:
            return watch(self.base() + ["run", "--name", name, "--entrypoint", argv[0], tag, *argv[1:]], run_for,
                         label, argv)
        finally:
            _run(self.base() + ["rm", "-f", name], timeout=300)

    def snapshot(self, tag, image_id=None):
        from dockfix.verify.imagediff import scan_tar

        name = "dockfix-verify-" + uuid.uuid4().hex[:12]
        p = _run(self.base() + ["create", "--name", name, tag, "dockfix-verify-never-run"], timeout=300)
        if p.returncode != 0:
            raise VerifyError(f"{self.name} create failed: {p.stderr.strip()[-500:]}")
        try:
            proc = subprocess.Popen(self.base() + ["export", name], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            try:
                snap = scan_tar(proc.stdout)
            finally:
                proc.stdout.close()
                err = proc.stderr.read().decode("utf-8", "replace")
                proc.wait()
            if proc.returncode != 0:
                raise VerifyError(f"{self.name} export failed: {err.strip()[-500:]}")
            return snap
        finally:
            _run(self.base() + ["rm", "-f", name], timeout=300)


def find_builder(name: str | None = None, storage_root: str | None = None) -> Builder:
    names = [name] if name else list(BUILDERS)
    unusable = []
    for n in names:
        exe = shutil.which(n)
        if exe:
            b = Buildah(exe, storage_root) if n == "buildah" else DockerLike(exe, n)
            why = b.problem()
            if why is None:
                return b
            unusable.append(f"{n}: {why}")
    if unusable:
        raise VerifyError("no usable image builder (" + "; ".join(unusable) + ")")
    if name:
        raise VerifyError(f"builder {name!r} not found on PATH")
    raise VerifyError("no image builder found on PATH (looked for buildah, podman, docker); install one or pass --builder")


# ---------------------------------------------------------------- what the Dockerfile asks for


def requested_packages(text: str) -> set[str]:
    """Packages a Dockerfile installs by name (apt-get/apt/apk/dnf/yum install)."""
    from dockfix.syntax.cst import parse

    out: set[str] = set()
    doc = parse(text)
    if doc.errors:
        return out
    for ins in doc.instructions:
        if ins.cmd != "RUN":
            continue
        try:
            view = model_of(doc).shell_view(ins)
        except Exception:  # noqa: BLE001 - best effort
            view = None
        if view is None or getattr(view, "has_error", False):
            continue
        for c in view.commands():
            vals = [w.value for w in c.argv[1:]]
            if c.name in ("apt-get", "apt", "aptitude", "dnf", "yum", "microdnf", "zypper"):
                verb = {"install"}
            elif c.name == "apk":
                verb = {"add"}
            else:
                continue
            seen_verb = False
            for v in vals:
                if v is None:
                    continue
                if not seen_verb:
                    seen_verb = v in verb
                    continue
                if v.startswith("-"):
                    continue
                out.add(v.split("=", 1)[0].split(":", 1)[0])
    return out


# ---------------------------------------------------------------- the verification


def _settings_for(path: str, select, extend_select, ignore, unsafe_fixes, config, context, options):
    from dockfix.fixing.config import ConfigFinder, override

    return override(ConfigFinder(config).for_file(path),
                    **overrides(select, extend_select, ignore, unsafe_fixes, options, context))


def _read_text(path: str) -> str:
    from dockfix.syntax.cst import decode

    try:
        with open(path, "rb") as f:
            data = f.read()
    except IsADirectoryError:
        raise VerifyError("is a directory (give the Dockerfile itself)", path) from None
    except OSError as e:
        raise VerifyError(f"cannot read: {e.strerror or e}", path) from None
    if b"\x00" in data[:8192]:
        raise VerifyError("binary file (contains NUL bytes), not a Dockerfile", path)
    return decode(data)


def _check_parses(text: str, path: str) -> None:
    from dockfix.syntax.cst import parse

    doc = parse(text, path)
    if doc.errors:
        e = doc.errors[0]
        raise VerifyError(e.message, path, e.line, e.col)


def _declared_kinds(names_codes: list[tuple[str, tuple[str, ...], tuple[str, ...]]]) -> dict[str, tuple[str, ...]]:
    from dockfix.verify.imagediff import kinds_for

    out: dict[str, tuple[str, ...]] = {}
    for name, codes, declared in names_codes:
        out[name] = kinds_for(name, codes, declared)
    return out


def _transform_info(name: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    from dockfix.fixing import registry

    cls = registry.get(name)
    if cls is None:
        return name, (), ()
    return cls.name, tuple(cls.hadolint) + tuple(cls.buildkit), tuple(getattr(cls, "verify_expects", ()) or ())


def _expect_kinds(values: list[str]) -> dict[str, tuple[str, ...]]:
    """``--expect`` values: kinds (see imagediff.KINDS) or transforms (name/code/DL code)."""
    from dockfix.fixing import registry
    from dockfix.verify.imagediff import KINDS

    out: dict[str, tuple[str, ...]] = {}
    for v in values:
        if v in KINDS:
            out[f"--expect {v}"] = (v,)
            continue
        matches = [c for c in registry.load_all().values() if registry.matches(c, v)]
        if matches:
            for cls in matches:
                out.update(_declared_kinds([_transform_info(cls.name)]))
            continue
        from dockfix.verify.imagediff import EXPECTATIONS, kinds_for

        if v in EXPECTATIONS or kinds_for("", (v,)):
            out[v] = kinds_for(v, (v,))
            continue
        raise VerifyError(f"--expect: unknown transform or kind {v!r} (kinds: {', '.join(KINDS)})")
    return out


def _copy_dockerignore(src_dockerfile: str, dst_dockerfile: str) -> None:
    ign = src_dockerfile + ".dockerignore"
    if os.path.isfile(ign):
        shutil.copyfile(ign, dst_dockerfile + ".dockerignore")


def verify_paths(path: str, against: str | None = None, *, context: str | None = None, builder: str | None = None,
                 target: str | None = None, build_args: list[str] | tuple[str, ...] = (), select=None,
                 extend_select=None, ignore=None, unsafe_fixes: bool | None = None, config: str | None = None,
                 options: dict | None = None, expect: list[str] | tuple[str, ...] = (), keep: bool = False,
                 no_cache: bool = False, storage_root: str | None = None, timeout: float | None = 1800,
                 log=None, run: bool = False, run_for: float = 5, smoke: list[str] | tuple[str, ...] = (),
                 builds: dict | None = None) -> dict:
    """Build ``path`` and its fixed form (or ``against``) and compare the images.

    Returns a dict (JSON-ready): ``status`` (verified, different, fixed-fails,
    original-fails, nothing-to-verify, error), ``exit_code`` (0/1/2),
    ``before``/``after`` build results (built, seconds, size, layers),
    ``applied`` fixes, ``expected``/``unexpected`` differences, ``ignored``
    count and ``summary`` (one line).  Never raises for bad input: that is
    ``status: error`` with ``error``.  ``run`` (or ``smoke`` commands): also
    run both images and compare (``run``: mode, checks, problems; see
    ``dockfix.verify.runtime``).  ``builds`` (a dict the caller keeps):
    images built by an earlier call with the same inputs are reused, not
    rebuilt (``dockfix --fix --verify`` builds the original once).
    """
    v = _Verification(_dockerfile_in(path), against, context, builder, target, build_args, select, extend_select,
                      ignore, unsafe_fixes, config, options, expect, keep, no_cache, storage_root, timeout,
                      log or (lambda msg: None), run_images=run or bool(smoke), run_for=run_for, smoke=tuple(smoke),
                      builds=builds)
    return v.run()


def _dockerfile_in(path: str) -> str:
    """A folder: its Dockerfile (or Containerfile); anything else as it is."""
    if os.path.isdir(path):
        for name in ("Dockerfile", "Containerfile"):
            if os.path.isfile(os.path.join(path, name)):
                return os.path.join(path, name)
    return path


@dataclass
class _Verification:
    """One ``verify_paths`` call: its inputs (the parameters of ``verify_paths``) and what it made."""

    path: str
    against: str | None
    context: str | None
    builder: str | None
    target: str | None
    build_args: list[str] | tuple[str, ...]
    select: object
    extend_select: object
    ignore: object
    unsafe_fixes: bool | None
    config: str | None
    options: dict | None
    expect: list[str] | tuple[str, ...]
    keep: bool
    no_cache: bool
    storage_root: str | None
    timeout: float | None
    say: Callable[[str], None]
    result: dict = field(default_factory=dict)
    tmpdir: str | None = None
    b: Builder | None = None
    tags: list[str] = field(default_factory=list)
    run_images: bool = False
    run_for: float = 5
    smoke: list[str] | tuple[str, ...] = ()
    builds: dict | None = None  # tag -> BuildResult, kept by the caller across calls

    def run(self) -> dict:
        result: dict = {
            "path": self.path, "against": self.against, "mode": "against" if self.against else "fix", "builder": None,
            "status": "error", "exit_code": 2, "applied": [], "declared": {}, "before": None, "after": None,
            "expected": [], "unexpected": [], "ignored": 0, "summary": ""}
        self.result = result
        try:
            self._verify()
        except VerifyError as e:
            result.update(status="error", exit_code=2, error=e.render(), summary=e.message)
        except (OSError, ValueError, subprocess.SubprocessError) as e:  # the builder or the storage misbehaved
            msg = f"internal error: {type(e).__name__}: {e}"
            result.update(status="error", exit_code=2, error=f"dockfix verify: {msg}", summary=msg)
        finally:
            self._clean_up()
        return result

    def _verify(self) -> None:
        text = _read_text(self.path)
        _check_parses(text, self.path)
        declared = _expect_kinds(list(self.expect))
        if self.against:
            new_text = _read_text(self.against)
            _check_parses(new_text, self.against)
            after_file = self.against
        else:
            fixed = self._fix(text, declared)
            if fixed is None:
                return
            new_text, after_file = fixed
        self.result["declared"] = {k: list(v) for k, v in declared.items()}
        context = self._build_context()
        built = self._build_both(text, new_text, after_file, context)
        if built is not None:
            before, after, tags = built
            self._compare(before, after, tags, text, declared)
            if self.run_images:
                self._run_both(before, after, tags, text, new_text)

    def _fix(self, text: str, declared: dict) -> tuple[str, str] | None:
        """The fixed text, written to a temporary Dockerfile (None: nothing to verify; the result says so)."""
        from dockfix.fixing.config import ConfigError
        from dockfix.fixing.engine import fix_text

        path, result = self.path, self.result
        try:
            settings = _settings_for(path, self.select, self.extend_select, self.ignore, self.unsafe_fixes,
                                     self.config, self.context, self.options)
        except ConfigError as e:
            raise VerifyError(e.message, e.path, e.line, e.col) from None
        res = fix_text(text, path, settings)
        if res.parse_error is not None:
            raise VerifyError(res.parse_error.message, path, res.parse_error.line, res.parse_error.col)
        result["applied"] = [{"name": f.name, "code": f.code, "line": f.line, "message": f.message}
                             for f in res.applied]
        names = list(dict.fromkeys(f.name for f in res.applied))
        declared.update(_declared_kinds([_transform_info(n) for n in names]))
        if not res.changed:
            result.update(status="nothing-to-verify", exit_code=0,
                          summary="no fix applies with these flags: nothing to verify")
            return None
        self.tmpdir = tempfile.mkdtemp(prefix="dockfix-verify-")
        after_file = os.path.join(self.tmpdir, "Dockerfile")
        with open(after_file, "wb") as f:
            f.write(res.output.encode("utf-8", "surrogateescape"))
        _copy_dockerignore(path, after_file)
        return res.output, after_file

    def _build_context(self) -> str:
        """--context, else the configuration's, else the Dockerfile's folder."""
        context = self.context
        if context is None:
            from dockfix.fixing.config import ConfigFinder

            try:
                cfg_ctx = ConfigFinder(self.config).for_file(self.path).context
            except Exception:  # noqa: BLE001 - reported by the fix step already
                cfg_ctx = None
            context = cfg_ctx or os.path.dirname(os.path.abspath(self.path))
        if not os.path.isdir(context):
            raise VerifyError(f"build context {context!r} is not a directory")
        self.result["context"] = os.path.abspath(context)
        return context

    def _build_both(self, text: str, new_text: str, after_file: str,
                    context: str) -> tuple[BuildResult, BuildResult, tuple[str, str]] | None:
        """(before, after, their tags) when both built; None when one failed (the result says which)."""
        result, against = self.result, self.against
        b = self.b = find_builder(self.builder, self.storage_root)
        result["builder"] = b.name
        tag_before = _tag(text, self.path, context, self.target, self.build_args, "before")
        tag_after = _tag(new_text, after_file if against else self.path, context, self.target, self.build_args, "after")
        self.say(f"building the original with {b.name} ...")
        before = self._build(self.path, context, tag_before)
        result["before"] = before.as_dict()
        if not before.ok:
            result.update(status="original-fails", exit_code=2,
                          summary="the original Dockerfile does not build: nothing to prove")
            return None
        self.say(f"built in {before.seconds:.1f}s; building the {'other' if against else 'fixed'} file ...")
        after = self._build(after_file, context, tag_after)
        result["after"] = after.as_dict()
        if not after.ok:
            result.update(status="fixed-fails", exit_code=1,
                          summary=f"the {'other' if against else 'fixed'} Dockerfile does not build, the original does")
            return None
        self.say(f"built in {after.seconds:.1f}s; comparing the images ...")
        return before, after, (tag_before, tag_after)

    def _build(self, dockerfile: str, context: str, tag: str) -> BuildResult:
        assert self.b is not None
        if self.builds is not None and tag in self.builds:
            self.tags.append(tag)
            return self.builds[tag]
        res = self.b.build(os.path.abspath(dockerfile), context, tag, self.target, list(self.build_args),
                           self.no_cache, self.timeout)
        if res.ok:
            self.tags.append(tag)
            if self.builds is not None:
                self.builds[tag] = res
        return res

    def _compare(self, before: BuildResult, after: BuildResult, tags: tuple[str, str], text: str,
                 declared: dict) -> None:
        from dockfix.verify.imagediff import Facts, classify, diff_config, diff_trees

        assert self.b is not None
        result = self.result
        snap_a = _snapshot(self.b, tags[0], before.image_id)
        snap_b = _snapshot(self.b, tags[1], after.image_id)
        result["before"]["files"] = len(snap_a.entries)
        result["after"]["files"] = len(snap_b.entries)
        result["before"]["file_bytes"] = snap_a.total_size()
        result["after"]["file_bytes"] = snap_b.total_size()
        diffs = diff_trees(snap_a, snap_b) + diff_config(before.config or {}, after.config or {})
        facts = Facts(snap_a, snap_b, requested_packages(text))
        classify(diffs, facts, declared)
        result["expected"] = [d.as_dict() for d in diffs if d.status == "expected"]
        result["unexpected"] = [d.as_dict() for d in diffs if d.status == "unexpected"]
        ignored = [d for d in diffs if d.status == "ignored"]
        result["ignored"] = len(ignored)
        result["ignored_reasons"] = _count(d.reason for d in ignored)
        result["dropped_packages"] = sorted(facts.dropped_packages)
        result["new_users"] = sorted(facts.new_users)
        if result["unexpected"]:
            n = len(result["unexpected"])
            result.update(status="different", exit_code=1,
                          summary=f"both built; {n} unexpected difference{'s' if n != 1 else ''}")
        else:
            n = len(result["expected"])
            result.update(status="verified", exit_code=0,
                          summary=f"both built; no unexpected differences ({n} expected, {len(ignored)} ignored)")

    def _run_both(self, before: BuildResult, after: BuildResult, tags: tuple[str, str], text: str,
                  new_text: str) -> None:
        """``--run``: run both images (or ``--smoke`` commands, or a child of a base image) and compare."""
        from dockfix.verify import runtime

        assert self.b is not None
        runs = runtime.Runs(self.b, self.run_for, self.say)
        ports = runtime.exposed_ports(before.config)
        checks: list[dict] = []
        if self.smoke:
            mode = "smoke"
            for cmd in self.smoke:
                argv = ["/bin/sh", "-c", cmd]
                checks.append(self._run_pair(runs, before, after, tags, [argv, argv], f"smoke: {cmd}", ports))
        elif runtime.declares_start(text, self.target) or runtime.declares_start(new_text, self.target):
            mode = "cmd"
            argvs = [runtime.image_argv(before.config), runtime.image_argv(after.config)]
            label = "ENTRYPOINT" if (before.config or {}).get("Entrypoint") else "CMD"
            checks.append(self._run_pair(runs, before, after, tags, argvs, label, ports))
        else:
            mode = "child"
            checks.append(self._child_pair(tags, text))
        problems = [p for c in checks for p in c["problems"]]
        self.result["run"] = {"mode": mode, "run_for": self.run_for, "checks": checks, "problems": problems}
        result = self.result
        if problems:
            n = len(problems)
            result.update(status="different", exit_code=1,
                          summary=result["summary"] + f"; the {'other' if self.against else 'fixed'} image runs "
                          f"differently ({n} problem{'s' if n != 1 else ''})")
        elif all(c.get("proven") for c in checks):
            result["summary"] += "; runs alike (" + "; ".join(c["how"] for c in checks) + ")"
        else:
            result["summary"] += "; not run: " + "; ".join(c["how"] for c in checks if not c.get("proven"))

    def _run_pair(self, runs, before: BuildResult, after: BuildResult, tags: tuple[str, str], argvs: list,
                  label: str, ports: list[int]) -> dict:
        from dockfix.verify import runtime

        self.say(f"running {label} in the original ...")
        a = runs.run(tags[0], before.image_id, argvs[0], label, smoke=label.startswith("smoke"))
        self.say(f"{a.brief()}; running it in the {'other' if self.against else 'fixed'} image ...")
        b = runs.run(tags[1], after.image_id, argvs[1], label, smoke=label.startswith("smoke"), cached=False)
        self.say(b.brief())

        def rerun() -> runtime.RunResult:
            return runs.run(tags[0], before.image_id, argvs[0], label, smoke=label.startswith("smoke"), cached=False)

        problems = runtime.compare(a, b, ports, rerun, self.run_for)
        if problems and b.stderr_tail:
            problems = [problems[0] + "\n" + b.stderr_tail] + problems[1:]
        how = f"{label} {a.brief()} in both" if not a.error else a.error
        return {"label": label, "before": a.as_dict(), "after": b.as_dict(), "problems": problems,
                "proven": not a.error and not b.error, "how": how}

    def _child_pair(self, tags: tuple[str, str], text: str) -> dict:
        """A base image: a child FROM each runs the package-manager update and a system-path write."""
        from dockfix.verify import runtime

        assert self.b is not None
        if self.tmpdir is None:
            self.tmpdir = tempfile.mkdtemp(prefix="dockfix-verify-")
        family = runtime.family_of(text, self.target)
        built: list[BuildResult] = []
        for tag, side in zip(tags, ("before", "after")):
            d = os.path.join(self.tmpdir, f"child-{side}")
            os.makedirs(d, exist_ok=True)
            child = runtime.child_dockerfile(tag, family)
            with open(os.path.join(d, "Dockerfile"), "w") as f:
                f.write(child)
            self.say(f"building a child of the {side} image ...")
            ctag = _tag(child, os.path.join(d, "Dockerfile"), d, None, (), f"child-{side}")
            res = self.b.build(os.path.join(d, "Dockerfile"), d, ctag, timeout=self.timeout)
            if res.ok:
                self.tags.append(ctag)
            built.append(res)
        what = "a child image (" + (runtime.UPDATE_COMMANDS.get(family, "no package manager known") +
                                    f", write to {runtime.PROBE_DIR})")
        problems = []
        if built[0].ok and not built[1].ok:
            problems.append(f"child build: {what} builds from the original but not from the "
                            f"{'other' if self.against else 'fixed'} image\n" + _tail_lines(built[1].log_tail))
        how = f"{what} builds from both" if built[0].ok else f"{what} does not build from the original either"
        return {"label": "child build", "before": built[0].as_dict(), "after": built[1].as_dict(),
                "problems": problems, "proven": built[0].ok, "how": how}

    def _clean_up(self) -> None:
        """Remove the images built (unless kept: then the result names them) and the temporary folder."""
        if self.b is not None and not self.keep:
            for t in dict.fromkeys(self.tags):
                self.b.remove(t)
        elif self.keep:
            self.result["images"] = self.tags
        if self.tmpdir:
            shutil.rmtree(self.tmpdir, ignore_errors=True)


def _tail_lines(text: str, n: int = 12) -> str:
    return "\n".join(text.splitlines()[-n:])


def _tag(text: str, path: str, context: str, target, build_args, side: str) -> str:
    """A stable tag per input: re-running verify re-points it instead of piling up new ones."""
    import hashlib

    key = "\0".join([os.path.abspath(path), os.path.abspath(context), target or "", *build_args, text])
    return f"localhost/dockfix-verify:{hashlib.sha256(key.encode('utf-8', 'surrogateescape')).hexdigest()[:16]}-{side}"


# image id -> Snapshot, so an image built again from the layer cache is read once per process
_SNAPSHOTS: dict = {}


def _snapshot(b: Builder, tag: str, image_id: str | None):
    key = (b.name, getattr(b, "root", None), image_id)
    if image_id and key in _SNAPSHOTS:
        return _SNAPSHOTS[key]
    snap = b.snapshot(tag, image_id)
    if image_id:
        if len(_SNAPSHOTS) >= 8:
            _SNAPSHOTS.pop(next(iter(_SNAPSHOTS)))
        _SNAPSHOTS[key] = snap
    return snap


def _count(items) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in items:
        out[i] = out.get(i, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


# ---------------------------------------------------------------- reports


def _mb(n: int | None) -> str:
    if n is None:
        return "?"
    return f"{n / 1e6:.1f} MB"


def _build_line(label: str, r: dict | None) -> str:
    if r is None:
        return f"  {label}: not built"
    if not r["built"]:
        return f"  {label}: FAILED after {r['seconds']:.1f}s"
    return f"  {label}: built in {r['seconds']:.1f}s, {_mb(r['size'])}, {r['layers']} layers"


def _group(diffs: list[dict]) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {}
    for d in diffs:
        key = f"{d['transform']}: {d['reason']}" if d.get("transform") else d.get("reason") or ""
        groups.setdefault(key, []).append(d)
    return list(groups.items())


def _code_md(s: str) -> str:
    s = " ".join(s.split())
    return f"`` {s} ``" if "`" in s else f"`{s}`"


def _describe(d: dict) -> str:
    from dockfix.verify.imagediff import Difference

    return Difference(d["kind"], d["path"], d["before"], d["after"]).describe()


def text_report(r: dict, verbose: bool = False) -> str:
    lines = [f"dockfix verify: {r['path']}" + (f" against {r['against']}" if r.get("against") else "")
             + (f" ({r['builder']})" if r.get("builder") else "")]
    if r["status"] == "error":
        return r.get("error", r["summary"]) + "\n"
    if r["applied"]:
        lines.append("  fixes: " + ", ".join(f"{f['name']} (line {f['line']})" for f in r["applied"]))
    if r["status"] == "nothing-to-verify":
        lines.append("  " + r["summary"])
        return "\n".join(lines) + "\n"
    lines.append(_build_line("before", r["before"]))
    lines.append(_build_line("after ", r["after"]))
    for label in ("before", "after"):
        x = r.get(label)
        if x and not x["built"] and x.get("log_tail"):
            lines.append(f"  {label} build output (last lines):")
            lines += ["    | " + ln for ln in x["log_tail"].splitlines()]
    b, a = r.get("before") or {}, r.get("after") or {}
    if b.get("built") and a.get("built") and b.get("size") is not None and a.get("size") is not None:
        delta = a["size"] - b["size"]
        lines.append(f"  size: {_mb(b['size'])} -> {_mb(a['size'])} ({'+' if delta >= 0 else '-'}{_mb(abs(delta))}),"
                     f" layers: {b['layers']} -> {a['layers']}")
    if r["status"] in ("verified", "different"):
        limit = None if verbose else 5
        lines.append(f"  expected differences: {len(r['expected'])}")
        for key, ds in _group(r["expected"]):
            lines.append(f"    {key} ({len(ds)})")
            for d in ds[:limit]:
                lines.append(f"      {_describe(d)}")
            if limit and len(ds) > limit:
                lines.append(f"      ... and {len(ds) - limit} more")
        lines.append(f"  unexpected differences: {len(r['unexpected'])}")
        ulimit = None if verbose else 40
        for d in r["unexpected"][:ulimit]:
            lines.append(f"    {_describe(d)}")
        if ulimit and len(r["unexpected"]) > ulimit:
            lines.append(f"    ... and {len(r['unexpected']) - ulimit} more (--verbose or --format json)")
        if r["ignored"]:
            why = ", ".join(f"{k} {v}" for k, v in r.get("ignored_reasons", {}).items())
            lines.append(f"  ignored (volatile paths): {r['ignored']} ({why})")
    lines += _run_lines(r.get("run"))
    verdict = {"verified": "VERIFIED", "different": "DIFFERENT", "fixed-fails": "FAILED",
               "original-fails": "NOT VERIFIABLE"}.get(r["status"], r["status"])
    lines.append(f"{verdict}: {r['summary']}")
    return "\n".join(lines) + "\n"


def _run_lines(run: dict | None) -> list[str]:
    if not run:
        return []
    out = [f"  runs ({run['mode']}, up to {run['run_for']:g}s):"]
    for c in run["checks"]:
        b, a = c["before"], c["after"]
        out.append(f"    {c['label']}: before {_run_brief(b)}; after {_run_brief(a)}")
    for p in run["problems"]:
        first, *rest = p.splitlines()
        out.append(f"    PROBLEM {first}")
        out += ["      | " + ln for ln in rest]
    return out


def _run_brief(x: dict) -> str:
    if "built" in x:  # a child build
        return "child builds" if x["built"] else "child FAILS to build"
    if x.get("error"):
        return f"not run ({x['error']})"
    if x.get("up"):
        return "up" + (f", listening on {', '.join(map(str, x['ports']))}" if x.get("ports") else "")
    return f"exit {x.get('exit_code')}"


def markdown_summary(r: dict) -> str:
    """A few Markdown lines for a pull request body."""
    if r["status"] == "error":
        return f"**dockfix verify**: not run ({r['summary']})"
    if r["status"] == "nothing-to-verify":
        return "**dockfix verify**: nothing to verify (no fix applies)"
    icon = {"verified": "✅", "different": "⚠️", "fixed-fails": "❌", "original-fails": "➖"}.get(r["status"], "")
    out = [f"**dockfix verify** ({r.get('builder')}): {icon} {r['summary']}", ""]
    b, a = r.get("before") or {}, r.get("after") or {}
    if b.get("built") and a.get("built"):
        out.append("| | build | size | layers |")
        out.append("|---|---|---|---|")
        out.append(f"| before | {b['seconds']:.1f}s | {_mb(b['size'])} | {b['layers']} |")
        out.append(f"| after | {a['seconds']:.1f}s | {_mb(a['size'])} | {a['layers']} |")
    if r.get("expected"):
        out.append("")
        out.append("Expected differences: " + "; ".join(f"{k} ({len(v)})" for k, v in _group(r["expected"])))
    run = r.get("run")
    if run:
        out.append("")
        out.append(f"Runs ({run['mode']}, up to {run['run_for']:g}s):")
        for c in run["checks"]:
            out.append(f"- {_code_md(c['label'])}: before {_run_brief(c['before'])}; after {_run_brief(c['after'])}")
        for p in run["problems"]:
            out.append(f"- ❌ {_code_md(p.splitlines()[0])}")
    if r.get("unexpected"):
        out.append("")
        out.append("Unexpected differences:")
        out += [f"- `{_describe(d)}`" for d in r["unexpected"][:20]]
        if len(r["unexpected"]) > 20:
            out.append(f"- ... and {len(r['unexpected']) - 20} more")
    return "\n".join(out)


# ---------------------------------------------------------------- CLI


def build_parser() -> argparse.ArgumentParser:
    from dockfix.verify.imagediff import KINDS

    p = argparse.ArgumentParser(
        prog="dockfix verify",
        description=(
            "Prove a fix: build PATH and what `dockfix --fix` (same flags) would make of it, or PATH and "
            "--against OTHER, with a real builder, and compare the two images' files and config. "
            "WARNING: building runs the Dockerfile's commands (RUN) on this machine; verify only files you trust."
        ),
        epilog=(
            "expected-difference kinds (--expect):\n" + "\n".join(f"  {k:15} {v}" for k, v in KINDS.items())
            + "\n\nexit codes: 0 both built, nothing unexpected differs (or nothing to fix); 1 unexpected differences,"
            "\n  or the fixed file fails to build; 2 the original does not build, bad input, or no builder"
            "\n\nbuildah runs with --storage-driver vfs and --isolation chroot unless DOCKFIX_STORAGE_DRIVER /"
            "\n  BUILDAH_ISOLATION say otherwise; DOCKFIX_BUILDAH_ROOT selects a separate storage directory."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", metavar="PATH", help="the Dockerfile to verify (or a folder with a Dockerfile)")
    p.add_argument("--against", metavar="OTHER", help="compare with this Dockerfile instead of the fixed PATH")
    p.add_argument("--context", metavar="DIR", help="build context (default: config's context, else PATH's folder)")
    p.add_argument("--builder", choices=BUILDERS, help="builder to use (default: the first of buildah, podman, docker on PATH)")
    p.add_argument("--target", metavar="STAGE", help="build this stage (multi-stage files)")
    p.add_argument("--build-arg", action="append", default=[], metavar="K=V", help="build argument (repeatable)")
    add_arguments(p)
    p.add_argument("--expect", type=csv, default=[], metavar="KIND|TRANSFORM,...",
                   help="also treat these differences as expected (useful with --against)")
    p.add_argument("--run", action="store_true",
                   help="also run both images (their ENTRYPOINT/CMD; a child build for a base image) and compare "
                        "exit code, stdout, still up after --run-for seconds, listening ports")
    p.add_argument("--run-for", type=float, default=5, metavar="SECONDS",
                   help="how long a long-running program must stay up (default 5)")
    p.add_argument("--smoke", action="append", default=[], metavar="'CMD ...'",
                   help="run this shell command in both images instead of their own (repeatable; implies --run)")
    p.add_argument("--no-cache", action="store_true", help="do not use the builder's layer cache")
    p.add_argument("--keep", action="store_true", help="keep the two images (tags are printed)")
    p.add_argument("--timeout", type=float, default=1800, metavar="SECONDS", help="per build (default 1800)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    p.add_argument("-v", "--verbose", action="store_true", help="list every difference")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    return p


def main(argv: list[str] | None = None) -> int:
    previous = _interrupt_on_sigterm()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        sys.stderr.write("dockfix verify: interrupted (containers and processes stopped)\n")
        return 130
    finally:
        _restore_sigterm(previous)


def _interrupt_on_sigterm():
    """SIGTERM unwinds like Ctrl-C, so running containers are stopped and removed."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, handler)


def _restore_sigterm(previous) -> None:
    import signal

    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "verify":
        argv = argv[1:]
    args = build_parser().parse_args(argv)
    try:
        options = parse_options(args.option)
    except ValueError as e:
        sys.stderr.write(f"dockfix verify: error: {e}\n")
        return 2
    for ba in args.build_arg:
        if not ba or ba.startswith("="):
            sys.stderr.write(f"dockfix verify: error: --build-arg takes K=V, got {ba!r}\n")
            return 2
    from dockfix.fixing import registry

    reg = registry.load_all()
    why = unknown_selector(args, reg.values())
    if why:
        sys.stderr.write(f"dockfix verify: error: {why}\n")
        return 2
    if not os.path.exists(args.path):
        sys.stderr.write(f"{args.path}:1:1: error: no such file or directory\n")
        return 2
    if args.against and not os.path.exists(args.against):
        sys.stderr.write(f"{args.against}:1:1: error: no such file or directory\n")
        return 2

    def log(msg: str) -> None:
        if not args.quiet and args.format == "text":
            sys.stderr.write(f"dockfix verify: {msg}\n")
            sys.stderr.flush()

    r = verify_paths(args.path, args.against, context=args.context, builder=args.builder, target=args.target,
                     build_args=args.build_arg, select=args.select, extend_select=args.extend_select,
                     ignore=args.ignore, unsafe_fixes=args.unsafe_fixes, config=args.config, options=options,
                     expect=args.expect, keep=args.keep, no_cache=args.no_cache, timeout=args.timeout, log=log,
                     run=args.run, run_for=args.run_for, smoke=args.smoke)
    if args.format == "json":
        sys.stdout.write(json.dumps(r, indent=2) + "\n")
        if r["status"] == "error":
            sys.stderr.write(r["error"] + "\n")
    elif r["status"] == "error":
        sys.stderr.write(r["error"] + "\n")
    else:
        sys.stdout.write(text_report(r, args.verbose))
        if r.get("images"):
            sys.stdout.write("  kept images: " + ", ".join(r["images"]) + "\n")
    return int(r["exit_code"])
