"""Base images: no `latest`, trusted publishers only, `-slim`/`-alpine` where it fits (DL3006, DL3007, DL3026)."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator

from dockfix.fixing.config import option_bool as _truthy
from dockfix.fixing.config import option_list as _listy
from dockfix.fixing.context import Context
from dockfix.fixing.edit import DISPLAY_ONLY, SAFE, UNSAFE, Edit, Finding, Fix
from dockfix.fixing.registry import Option, Transform
from dockfix.semantic import official_images as oi
from dockfix.semantic.model import model_of

# Docker Hub namespaces of Docker Verified Publishers: dockfix/data/verified_publishers.txt (its own source
# and date; the config key `verified-publishers` adds more); the Official Images: the shipped record
ARCH_NAMESPACES = oi.ARCH_NAMESPACES
# registries (or registry/namespace prefixes) run by the publishers themselves
PUBLISHER_PREFIXES = (
    "mcr.microsoft.com/", "gcr.io/distroless/", "registry.access.redhat.com/", "registry.redhat.io/",
    "public.ecr.aws/lambda/", "public.ecr.aws/amazonlinux/", "public.ecr.aws/aws-", "cgr.dev/chainguard/",
    "docker.elastic.co/", "registry.k8s.io/", "nvcr.io/nvidia/", "public.ecr.aws/ubuntu/",
    "gcr.io/cloud-builders/", "gcr.io/google-containers/", "launcher.gcr.io/google/",
)
# mirrors of the Official Images: trusted when the name is on the list
OFFICIAL_MIRRORS = ("public.ecr.aws/docker/library/", "mirror.gcr.io/library/")

# official images whose -slim variant is the same version with fewer packages, and those whose
# -alpine variant is the usual smaller choice (they have no -slim); which versions have the variant
# is the Official Images record's answer (only current tags, never a stale one)
SLIM = frozenset({"python", "node", "ruby", "perl", "rust", "pypy", "debian", "openjdk"})
ALPINE = frozenset({"golang", "php", "nginx", "httpd", "redis", "postgres", "memcached", "haproxy", "traefik"})

# commands a stage may run and still be fine on -slim (all of them are in the slim images)
_SLIM_OK_CMDS = frozenset({
    "apt-get", "apt", "echo", "printf", "mkdir", "chown", "chmod", "rm", "cp", "mv", "ln", "touch", "true",
    "set", "export", "cd", "test", "[", "groupadd", "useradd", "usermod", "ls", "cat", "tee", "sed", "grep",
    "rmdir", "sleep", "env", "id", "whoami", "date", "printenv",
})
# tools of the full images that -slim (and -alpine) lack, as run by CMD/ENTRYPOINT/HEALTHCHECK
_MISSING_TOOLS = r"curl|wget|git|gcc|g\+\+|cc|make|ssh|scp|unzip|ps|pkill|pgrep|netstat|nc|ping|procps|file|less|vim"
_SLIM_MISSING = re.compile(r"(?<![\w./-])(?:/usr/bin/|/bin/)?(" + _MISSING_TOOLS + r")(?![\w.-])")
_ALPINE_MISSING = re.compile(r"(?<![\w./-])(?:/usr/bin/|/bin/)?(" + _MISSING_TOOLS +
                             r"|bash|apt-get|apt|useradd|groupadd|gosu)(?![\w.-])")
_ALPINE_OK_CMDS = _SLIM_OK_CMDS - {"apt-get", "apt", "groupadd", "useradd", "usermod"} | {"apk"}
_TOOLCHAIN = re.compile(
    r"^(gcc|g\+\+|cc|c\+\+|clang|make|cmake|ninja|build-essential|build-base|autoconf|automake|libtool|"
    r"pkg-config|pkgconf|binutils|musl-dev|libc6?-dev|linux-headers|gfortran|[a-z0-9.+-]+-(dev|devel))([=:].*)?$")
_VERSION = re.compile(r"^\d+(\.\d+)*$")


def official_images() -> frozenset[str]:
    """The Docker Official Images repositories (the shipped record, ``dockfix/data/official_images.dat``)."""
    return oi.official_repositories()


def verified_namespaces(options: dict) -> frozenset[str]:
    """The shipped Verified Publishers namespaces and the config's ``verified-publishers``."""
    extra = {n.lower().strip("/") for n in _listy(options.get("verified-publishers"))}
    return oi.verified_publishers()[0] | extra


def data_note() -> str:
    d = oi.data()
    _names, source, date = oi.verified_publishers()
    return (f"Docker Official Images record of {d.date} ({d.source}; refresh: tools/official_images_data.py); "
            f"verified publishers list of {date} ({source}; dockfix/data/verified_publishers.txt)")




def _vtuple(s: str) -> tuple[int, ...]:
    return tuple(int(x) for x in s.split("."))


def familiar(ref) -> str:
    """``python``, ``myorg/app``, ``ghcr.io/acme/app`` (Docker's short form, no tag)."""
    if ref.domain == "docker.io":
        return ref.path[len("library/"):] if ref.path.startswith("library/") else ref.path
    return ref.name


def official_name(ref) -> str | None:
    """The Official Image a reference names (also through a known mirror), else None."""
    ns, _, rest = ref.path.partition("/")
    if ref.domain == "docker.io" and (ns == "library" or ns in ARCH_NAMESPACES) and rest and "/" not in rest:
        name = rest
    else:
        full = ref.name + "/"
        name = next((full[len(m):-1] for m in OFFICIAL_MIRRORS if full.startswith(m)), None)
        if name is None or "/" in name:
            return None
    return name if name in official_images() else None


def trust(ref, options: dict) -> str | None:
    """Why an image is trusted (None: it is not)."""
    name = familiar(ref)
    for pat in _listy(options.get("trusted-images")):
        pat = pat.lower().split("@", 1)[0]
        if pat.rsplit("/", 1)[-1].count(":"):
            pat = pat.rsplit(":", 1)[0]
        if fnmatch.fnmatchcase(name, pat) or fnmatch.fnmatchcase(ref.name, pat):
            return "trusted-images"
    hub_aliases = {"docker.io", "index.docker.io", "registry-1.docker.io", "hub.docker.com"}
    for reg in _listy(options.get("allowed-registries")):
        reg = reg.lower().rstrip("/")
        if fnmatch.fnmatchcase(ref.domain, reg) or (ref.domain == "docker.io" and reg in hub_aliases):
            return "allowed-registries"
    if official_name(ref):
        return "official"
    if ref.domain == "docker.io" and ref.path.split("/", 1)[0] in verified_namespaces(options):
        return "verified publisher"
    full = ref.name + "/"
    if any(full.startswith(p) for p in PUBLISHER_PREFIXES):
        return "publisher registry"
    return None


def stage_family(doc, stage) -> list:
    """The stage and every later stage built on it (FROM <its name>), transitively."""
    out = [stage]
    names = {stage.name} if stage.name else set()
    for st in doc.stages[stage.index + 1:]:
        if st.image and st.image.lower() in names and not (doc.stage_named(st.image) or st).index > st.index:
            out.append(st)
            if st.name:
                names.add(st.name)
    return out


def needs_full_image(doc, stage, alpine: bool) -> str | None:
    """Why a stage (and what is built on it) may need the full image; None when nothing does."""
    ok = _ALPINE_OK_CMDS if alpine else _SLIM_OK_CMDS
    for st in stage_family(doc, stage):
        for ins in st.instructions:
            if ins.cmd in ("ONBUILD", "SHELL"):
                return f"the stage uses {ins.cmd}"
            if ins.cmd == "COPY" and ins.flags_named("from"):
                return "the stage copies files built elsewhere (they may need the full image's libraries)"
            if ins.cmd in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
                m = (_ALPINE_MISSING if alpine else _SLIM_MISSING).search(ins.args)
                if m:
                    return f"{ins.cmd} runs `{m.group(1)}`, which the {'-alpine' if alpine else '-slim'} image does not have"
            if ins.cmd != "RUN":
                continue
            if any(f.value and "from=" in f.value.lower() for f in ins.flags_named("mount")):
                return "a RUN mounts files from another stage or image"
            view = model_of(doc).shell_view(ins)
            if view is None or view.has_error:
                return "a RUN cannot be analysed"
            for c in view.commands():
                name = c.name
                if name is None:
                    return "a RUN runs a command built from variables"
                if name not in ok:
                    return f"the stage runs `{name}`, which may need the full image's compilers, headers or tools"
                if name in ("apt-get", "apt", "apk"):
                    for w in c.argv[1:]:
                        v = w.value or ""
                        if _TOOLCHAIN.match(v):
                            return f"the stage installs a build toolchain ({v})"
    return None


class BaseImage(Transform):
    name = "base-image"
    options = (Option("trusted-images", list, [], "images (globs) not reported as from untrusted publishers"),
               Option("allowed-registries", list, [], "registries (globs) not reported as untrusted"),
               Option("verified-publishers", list, [],
                      "Docker Hub namespaces trusted besides the shipped verified-publishers list"),
               Option("base-image-lookups", int, 24, "registry lookups per run when finding a version tag"))
    code = "DF330"
    summary = "Base images: a versioned tag instead of latest, trusted publishers, -slim/-alpine variants"
    hadolint = ("DL3006", "DL3007", "DL3026")
    buildkit = ()
    applicability = DISPLAY_ONLY
    default_enabled = True
    links = (
        "https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image",
        "https://docs.docker.com/trusted-content/official-images/",
        "https://github.com/hadolint/hadolint/wiki/DL3026",
    )
    explanation = """
What: three checks of every external image a FROM pulls.
1. `latest` or no tag (DL3006/DL3007). With `--pin` (the registry is
   reachable) the tag is replaced by the most specific version tag that
   serves the very same digest as `latest` today (`ubuntu:latest` ->
   `ubuntu:24.04`); a digest already pinned stays and decides the tag.
   Without the network, for a Docker Official Image, the version tag that
   named the same image on the data's date is suggested from the record's
   alias groups (`python:latest` was `python:3.14`): the shortest version
   tag at a precision where the project maintains several lines.
2. An image that is not a Docker Official Image (the repositories of the
   shipped Official Images record, dated: see the Data line), not from a
   Verified Publisher's Docker Hub namespace (its own dated list,
   `dockfix/data/verified_publishers.txt`; add namespaces with the config
   key `verified-publishers`), not from a publisher's own registry
   (mcr.microsoft.com, gcr.io/distroless, registry.access.redhat.com,
   cgr.dev/chainguard, ...), and not on your allow-list (config
   `allowed-registries`, e.g. `["ghcr.io", "*.example.com"]`, and
   `trusted-images`, e.g. `["myorg/*", "ghcr.io/acme/base"]`): reported
   (DL3026), never changed: only you can decide whom to trust.
3. A full-size official image whose `-slim` (python, node, ruby, perl, rust,
   pypy, debian, openjdk) or `-alpine` (golang, php, nginx, httpd, redis,
   postgres, ...) variant the Official Images build for the same version
   (the record says which; never for a tag that is no longer rebuilt, see
   stale-base-image): a suggestion (`python:3.12` -> `python:3.12-slim`).

Why: `latest` moves: the same Dockerfile builds something else tomorrow,
and a new major version can break the build. Images from unknown publishers
are a supply-chain risk. The full images carry compilers, headers and
hundreds of packages you do not run: -slim images are several hundred MB
smaller and have far fewer packages, so far fewer CVEs to triage.

Example:
    FROM python:3.12
becomes (suggested)
    FROM python:3.12-slim

Fix safety: (1) is safe with --pin: the new tag serves the very image
`latest` serves now; the offline suggestion is display-only (the record has
a date, `latest` moves). (2) has no fix. (3) is display-only: -slim has no compilers, headers,
git or curl, and -alpine uses musl libc and busybox, so extensions,
prebuilt binaries and wheels may stop working. With `--unsafe-fixes` it is
applied (unsafe) only when the stage, and every stage built on it, runs
nothing but simple commands and package installs without a build toolchain
(gcc, make, build-essential, -dev packages, ...), copies nothing from other
stages, and, for alpine, uses no apt or shadow tools. Images pinned by
digest, stage names, `scratch`, references with variables and Windows files
are left alone.
"""

    @classmethod
    def data_note(cls) -> str:
        return data_note()

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        from dockfix.oci import reference as imageref

        stage_names = {st.name for st in doc.stages if st.name}
        for st in doc.stages:
            w = st.image_word
            if w is None or not w.value or "$" in w.value:
                continue
            v = w.value
            if v.lower() == "scratch" or v.lower() in stage_names:
                continue
            try:
                ref = imageref.parse(v)
            except imageref.RefError:
                continue
            exact = w.text == v and doc.text[w.start:w.end] == v
            yield from self._latest(ctx, st, w, ref, exact)
            yield from self._trust(ctx, w, ref)
            if exact and not doc.is_windows:
                yield from self._smaller(ctx, st, w, ref)

    # ---- 1. latest / no tag ----
    def _latest(self, ctx, st, w, ref, exact):
        if ref.tag not in (None, "latest"):
            return
        if ref.tag is None and ref.digest:
            return  # pinned by digest only
        code = "DL3006" if ref.tag is None else "DL3007"
        what = "has no tag (it pulls `latest`)" if ref.tag is None else "uses the `latest` tag"
        msg = f"FROM {w.value} {what}: the build changes whenever a new version is pushed ({code})"
        where = (w.start, w.end)
        if ref.digest:
            # latest@sha256:... is pinned (hadolint agrees); with the registry at hand, name its version
            if not ctx.option(self, "pin") or not exact or ctx.doc.is_windows:
                return
            msg = f"FROM {w.value}: pinned, but the tag `latest` does not say which version it is"
        if not ctx.option(self, "pin"):
            yield self._latest_offline(ctx, w, ref, exact, msg)
            return
        if not exact or ctx.doc.is_windows:
            yield ctx.finding(self, where, msg, refused="the reference is quoted or split over lines"
                              if not exact else "Windows file")
            return
        tag, why = self._same_digest_tag(ctx.options, ctx.shared, ref)
        if tag is None:
            yield ctx.finding(self, where, msg, refused=why)
            return
        text = w.value
        base = text.split("@", 1)[0]
        if ref.tag is None:
            edit = Edit.insert(w.start + len(base), ":" + tag)
        else:
            i = base.rindex(":")
            edit = Edit(w.start + i + 1, w.start + len(base), tag)
        fix = Fix([edit], SAFE, message=f"use {tag}, which serves the same digest as latest ({why})")
        yield ctx.finding(self, where, msg, fix=fix)

    def _latest_offline(self, ctx, w, ref, exact, msg):
        """Without the registry: name the version tag of the same image from the Official Images'
        alias groups (python:latest = python:3.14), as a suggestion."""
        where = (w.start, w.end)
        refused = "needs the registry: run with --pin to replace it by the version tag that serves the same image"
        name = official_name(ref)
        named = oi.version_of(name, "latest") if name else None
        if named is None:
            return ctx.finding(self, where, msg, refused=refused)
        date = oi.data().date
        msg += f"; on {date} the Official Images' {name}:latest was {name}:{named}"
        if not exact or ctx.doc.is_windows:
            return ctx.finding(self, where, msg, refused=refused)
        base = w.value.split("@", 1)[0]
        if ref.tag is None:
            edit = Edit.insert(w.start + len(base), ":" + named)
        else:
            edit = Edit(w.start + base.rindex(":") + 1, w.start + len(base), named)
        fix = Fix([edit], DISPLAY_ONLY, message=f"use {name}:{named} (the same image as latest in the Official "
                                                 f"Images record of {date}; --pin checks it with the registry)")
        return ctx.finding(self, where, msg, fix=fix)

    def _same_digest_tag(self, options, shared, ref):
        """(tag, short digest) of the most specific version tag serving the digest of ``ref``
        (its pin, else what `latest` serves); (None, reason) when there is none."""
        key = ("base-image-tag", ref.name, ref.digest)
        hit = shared.get(key)
        if hit is None:
            hit = shared[key] = self._find_tag(options, shared, ref)
        return hit

    def _find_tag(self, options, shared, ref):
        from dockfix.transforms.images.pin_digest import PinDigest

        from dockfix.oci import reference as imageref
        from dockfix.oci.client import ResolveError

        resolver = PinDigest._resolver_for(options, shared)
        if resolver.offline:
            return None, "--offline: the tag list needs the registry"
        latest = imageref.parse(f"{ref.name}:latest")
        if ref.digest:
            want = ref.digest
        else:
            m = resolver.lookup([latest])[latest.key]
            if isinstance(m, ResolveError):
                return None, f"{ref.domain}: {m}"
            want = m.digest
        try:
            tags = resolver.client.tags(ref)
        except ResolveError as e:
            return None, f"{ref.domain}: {e}"
        except Exception as e:  # noqa: BLE001 - an odd registry answer must not stop the run
            return None, f"{ref.domain}: unexpected error: {type(e).__name__}"
        cands = [t for t in tags if _VERSION.match(t) and all(len(p) < 8 for p in t.split("."))]
        cands.sort(key=lambda t: (_vtuple(t), len(t)), reverse=True)
        try:
            budget = max(1, int(options.get("base-image-lookups", 24) or 24))
        except (TypeError, ValueError):
            budget = 24
        cands = cands[:budget]
        for i in range(0, len(cands), 8):
            batch = [imageref.parse(f"{ref.name}:{t}") for t in cands[i:i + 8]]
            res = resolver.lookup(batch)
            for t, r in zip(cands[i:i + 8], batch):
                m = res[r.key]
                if not isinstance(m, ResolveError) and m.digest == want:
                    return t, want[:19]
        return None, f"no version tag among the {len(cands)} newest serves {want[:19]}"

    def prefetch(self, paths, settings, shared) -> None:
        """With --pin: find the tags for every `latest` of the run at once, before workers fork."""
        opts = settings.options
        if not _truthy(opts.get("pin")) or _truthy(opts.get("offline")):
            return
        from concurrent.futures import ThreadPoolExecutor

        from dockfix.oci import reference as imageref
        from dockfix.syntax.cst import parse_files

        refs = {}
        for _p, doc in parse_files(paths):
            if doc.is_windows:
                continue
            names = {st.name for st in doc.stages if st.name}
            for st in doc.stages:
                v = st.image
                if not v or "$" in v or v.lower() == "scratch" or v.lower() in names:
                    continue
                try:
                    ref = imageref.parse(v)
                except imageref.RefError:
                    continue
                if ref.tag is None and not ref.digest or ref.tag == "latest":
                    refs[(ref.name, ref.digest)] = ref
        if not refs:
            return
        with ThreadPoolExecutor(max_workers=min(4, len(refs))) as ex:
            list(ex.map(lambda r: self._same_digest_tag(opts, shared, r), refs.values()))
        from dockfix.transforms.images.pin_digest import PinDigest

        PinDigest._resolver_for(opts, shared).release()

    # ---- 2. trust ----
    def _trust(self, ctx, w, ref):
        if trust(ref, ctx.options) is not None:
            return
        msg = (f"FROM {w.value}: not a Docker Official Image, not from a known verified publisher, "
               "and not on your allow-list (DL3026)")
        yield ctx.finding(self, (w.start, w.end), msg,
                          refused="display only: review the publisher, then add it to `trusted-images` "
                                  "or `allowed-registries` in the config")

    # ---- 3. smaller variants ----
    def _smaller(self, ctx, st, w, ref):
        name = official_name(ref)
        if name is None or not ref.tag:
            return
        new, kind = self._variant(name, ref.tag)
        if new is None:
            return
        where = (w.start, w.end)
        short = f"{name}:{new}"
        if kind == "slim":
            msg = (f"FROM {w.value} is the full image; {short} has the same version with far fewer packages "
                   "(smaller, fewer CVEs). Caveat: no compilers, headers, git or curl")
        else:
            msg = (f"FROM {w.value} is the full image; {short} is much smaller with fewer CVEs. "
                   "Caveat: musl libc and busybox (prebuilt binaries and wheels may not work), no compilers")
        if ref.digest:
            yield ctx.finding(self, where, msg, refused="pinned by digest: change the tag and re-pin")
            return
        base = w.value
        i = base.rindex(":")
        edit = Edit(w.start + i + 1, w.end, new)
        if ctx.option(self, "pin") and not ctx.option(self, "offline"):
            missing = self._missing(ctx, ref, new)
            if missing:
                yield ctx.finding(self, where, msg, refused=f"cannot confirm that {short} exists: {missing}")
                return
        reason = needs_full_image(ctx.doc, st, kind == "alpine")
        if reason is None and ctx.unsafe_fixes:
            yield ctx.finding(self, where, msg, fix=Fix([edit], UNSAFE, message=f"use {short}"))
            return
        why = reason or "review the caveat, then apply with --unsafe-fixes"
        yield ctx.finding(self, where, msg, fix=Fix([edit], DISPLAY_ONLY, message=f"use {short} ({why})"))

    @staticmethod
    def _missing(ctx, ref, tag: str) -> str | None:
        """Why the registry does not confirm ``ref`` with ``tag`` (None: it serves it)."""
        from dockfix.transforms.images.pin_digest import PinDigest

        from dockfix.oci import reference as imageref
        from dockfix.oci.client import ResolveError

        resolver = PinDigest._resolver_for(ctx.options, ctx.shared)
        r = imageref.parse(f"{ref.name}:{tag}")
        m = resolver.lookup([r])[r.key]
        return str(m) if isinstance(m, ResolveError) else None

    @staticmethod
    def _variant(name: str, tag: str):
        """(new tag, "slim"|"alpine") or (None, None): only a variant the Official Images
        currently build for the same version, and never for a tag that is itself stale."""
        for kind, repos in (("slim", SLIM), ("alpine", ALPINE)):
            if name in repos:
                new = oi.variant(name, tag, kind)
                return (new, kind) if new else (None, None)
        return None, None
