"""Pin base images to digests: FROM python:3.12 -> FROM python:3.12@sha256:... (opt-in, network)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from dockfix.fixing.context import Context
from dockfix.fixing.edit import SAFE, Edit, Finding, Fix
from dockfix.fixing.registry import Transform

_EXACT_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
_ANY_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))")


@dataclass
class Site:
    """One image reference in the file."""

    label: str  # "FROM", "COPY --from", "RUN --mount from", "ARG BASE default"
    text: str  # the reference as written
    start: int  # file span of the reference text (None when it is not one contiguous span)
    end: int
    platform: str | None = None  # a literal --platform of the FROM
    refused: str | None = None
    where: tuple[int, int] | None = None  # span reported (defaults to start/end)


from dockfix.fixing.config import option_bool as _truthy  # noqa: E402 - shared option parsing


class PinDigest(Transform):
    name = "pin-digest"
    code = "DF401"
    summary = "Pin base images to the digest their tag serves (tag@sha256:...)"
    hadolint = ("DL3006", "DL3007")
    buildkit = ()
    applicability = SAFE
    default_enabled = False
    needs_network = True
    links = (
        "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions",
        "https://github.com/distribution/reference",
    )
    explanation = """
What: every image a build pulls by tag gets the digest the registry serves for
that tag today, written after the tag: `FROM python:3.12-slim` becomes
`FROM python:3.12-slim@sha256:<digest>`. Covered: FROM (with --platform and
AS), `COPY --from=<image>`, `RUN --mount=...,from=<image>`, and a global ARG
whose default is used only as a whole image reference in FROM lines (the
default in the ARG line is pinned, so `--build-arg` still overrides it).
Stage names, `scratch`, and references built from variables are left alone.
Runs only when asked (`--pin` or `--select pin-digest`) because it needs the
registry; `--offline` uses only the cache; `--refresh-pins` re-resolves
existing `tag@digest` pins and moves those whose tag moved.

Why: a tag is a moving pointer. The same Dockerfile builds different images
on different days, and a compromised or re-pushed tag changes your build
silently. A digest is content-addressed: reproducible and tamper-evident.
The tag stays in the reference for people and update bots (Renovate,
Dependabot). A reference without a tag gets `:latest` written out so the pin
can be refreshed later. Answers hadolint DL3006/DL3007.

Example:
    FROM --platform=$BUILDPLATFORM golang:1.22 AS build
    COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
becomes
    FROM --platform=$BUILDPLATFORM golang:1.22@sha256:... AS build
    COPY --from=nginx:1.27@sha256:... /etc/nginx/nginx.conf /etc/nginx/

Fix safety: safe. The digest is the one the tag serves at the time of the
run, so the build uses the very same image it would have pulled. For a
multi-platform tag the digest of the index is written (not of one platform),
so every platform keeps working; an existing platform-specific pin stays
platform-specific when refreshed. Failures are per reference (unknown tag,
401/403, rate limits after retries, timeouts, malformed manifests): that
reference is left as it was and the finding says why. Credentials come from
the Docker config (auths, credsStore, credHelpers) and are never printed.
One caveat: a `--build-context NAME=...` that overrides an image named in
`COPY --from` no longer applies once that reference carries a digest.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        sites = list(self._sites(doc))
        if not sites:
            return
        refresh = bool(ctx.option(self, "refresh-pins"))
        parsed: list = []
        yield from self._parse(ctx, sites, refresh, parsed)
        if not parsed:
            return
        resolver = self._resolver(ctx)
        fresh = {ref.key for _, ref in parsed if ref.digest}
        results = resolver.lookup([ref for _, ref in parsed], fresh)
        # an existing pin that is neither the tag's digest nor one of its platforms: which platform was it?
        from dockfix.oci.client import ResolveError

        need_platform = []
        for s, ref in parsed:
            m = results[ref.key]
            if ref.digest and not isinstance(m, ResolveError) and not m.serves(ref.digest):
                need_platform.append((ref, ref.digest))
        platforms = resolver.platforms_of(need_platform) if need_platform else {}
        skipped_offline = 0
        for s, ref in parsed:
            where = s.where or (s.start, s.end)
            m = results[ref.key]
            if isinstance(m, ResolveError):
                if resolver.offline:
                    skipped_offline += 1
                yield ctx.finding(self, where, f"{s.label} image {s.text} is not pinned to a digest",
                                  refused=f"{ref.domain}: {m}")
                continue
            finding = self._pin(ctx, s, ref, m) if not ref.digest else self._refresh(ctx, s, ref, m, platforms)
            if finding is not None:
                yield finding
        if skipped_offline:
            ctx.note(f"pin-digest: --offline: {skipped_offline} image reference(s) not in the cache were left as they are")

    def _parse(self, ctx, sites, refresh: bool, parsed: list) -> Iterator[Finding]:
        """Refusals for the references that cannot be pinned; the others go to ``parsed`` as (site, reference)."""
        from dockfix.oci import reference as imageref

        for s in sites:
            if s.refused:
                yield ctx.finding(self, s.where or (s.start, s.end), f"{s.label} image {s.text} is not pinned to a digest",
                                  refused=s.refused)
                continue
            try:
                ref = imageref.parse(s.text)
            except imageref.RefError as e:
                yield ctx.finding(self, s.where or (s.start, s.end), f"{s.label} image {s.text} cannot be pinned",
                                  refused=str(e))
                continue
            if ref.digest and (not refresh or not ref.tag):
                continue  # already pinned (a digest without a tag stays as written)
            parsed.append((s, ref))

    def _pin(self, ctx, s, ref, m) -> Finding:
        """A reference without a digest: pin it to what its tag serves."""
        where = s.where or (s.start, s.end)
        new = ("" if ref.tag else ":latest") + "@" + m.digest
        kind = "index" if m.is_index else "manifest"
        fix = Fix.safe(Edit.insert(s.end, new), message=f"pin to {m.digest} ({kind} of {ref.effective_tag})")
        return ctx.finding(self, where, f"{s.label} image {s.text} is not pinned to a digest", fix=fix)

    def _refresh(self, ctx, s, ref, m, platforms) -> Finding | None:
        """--refresh-pins on tag@digest: the digest the tag serves now, for the pinned platform."""
        from dockfix.oci.client import ResolveError, pick_platform

        where = s.where or (s.start, s.end)
        if m.serves(ref.digest):
            return None  # still what the tag serves (for every platform, or for the pinned one)
        plat = platforms.get(f"{ref.name}@{ref.digest}")
        target = None
        if isinstance(plat, ResolveError) and s.platform and m.is_index:
            plat = s.platform  # the old pin is gone from the registry: the FROM says which platform
        if isinstance(plat, ResolveError):
            if m.is_index:
                return ctx.finding(self, where, f"{s.label} image {s.text}: the tag moved",
                                   refused=f"cannot tell which platform the old pin is for ({plat})")
            target = m.digest
        elif plat is None or not m.is_index:
            target = m.digest  # the old pin was an index (or the tag is single-platform now)
        else:
            found = pick_platform(m, plat)
            if len(found) != 1:
                why = f"the tag no longer has a {plat} image" if not found else \
                    f"the tag has several {plat} images; cannot tell which one to pin"
                return ctx.finding(self, where, f"{s.label} image {s.text}: the tag moved", refused=why)
            target = found[0]
        at = s.text.rindex("@") + 1
        fix = Fix.safe(Edit(s.start + at, s.end, target), message=f"refresh the pin to {target}")
        return ctx.finding(self, where, f"{s.label} image {s.text.split('@')[0]}: the tag moved; pinned digest is out of date",
                           fix=fix)

    # ---- the resolver, one per run ----
    @staticmethod
    def _resolver(ctx):
        return PinDigest._resolver_for(ctx.options, ctx.shared)

    @staticmethod
    def _resolver_for(options: dict, shared: dict):
        from dockfix.oci.client import Resolver

        keys = ("offline", "insecure-registries", "registry-mirrors", "pin-ttl", "pin-timeout", "pin-retries",
                "pin-max-retry-after", "pin-cache", "pin-concurrency")
        k = ("pin-digest", repr([(x, options.get(x)) for x in keys]))
        r = shared.get(k)
        if r is None:
            r = shared[k] = Resolver(options)
        return r

    def prefetch(self, paths, settings, shared) -> None:
        """Resolve the references of every file of the run at once (called before the files are
        processed, perhaps in worker processes that inherit ``shared``)."""
        from dockfix.oci import reference as imageref
        from dockfix.syntax.cst import parse_files

        refresh = _truthy(settings.options.get("refresh-pins", False))
        refs, fresh = [], set()
        for _p, doc in parse_files(paths):
            for s in self._sites(doc):
                if s.refused:
                    continue
                try:
                    ref = imageref.parse(s.text)
                except imageref.RefError:
                    continue
                if ref.digest and (not refresh or not ref.tag):
                    continue
                refs.append(ref)
                if ref.digest:
                    fresh.add(ref.key)
        if refs:
            resolver = self._resolver_for(settings.options, shared)
            resolver.lookup(refs, fresh)
            resolver.release()  # worker processes forked after this open their own connections

    # ---- where the image references are ----
    def _sites(self, doc):
        stage_names = {st.name for st in doc.stages if st.name}
        text = doc.text

        def skip(value: str) -> bool:
            v = value.lower()
            return v == "scratch" or v in stage_names or value.isdigit()

        arg_uses: dict[str, list] = {}
        for st in doc.stages:
            w = st.image_word
            if w is None:
                continue
            ins = st.from_
            plat = st.platform if st.platform and "$" not in st.platform else None
            if "$" in w.value:
                m = _EXACT_VAR.fullmatch(w.value)
                if m:
                    arg_uses.setdefault(m.group(1) or m.group(2), []).append(ins)
                    continue
                yield Site("FROM", w.value, w.start, w.end, refused="the reference is built from variables; "
                           "a pin would silently ignore --build-arg overrides")
                continue
            if skip(w.value):
                continue
            yield self._word_site("FROM", w, text, plat)
        for ins in doc.instructions:
            if ins.cmd == "COPY":
                for f in ins.flags_named("from"):
                    if f.value is None or skip(f.value):
                        continue
                    yield self._flag_site("COPY --from", f, text, f.value)
            elif ins.cmd == "RUN":
                for f in ins.flags_named("mount"):
                    s = self._mount_site(f, text, skip)
                    if s is not None:
                        yield s
        yield from self._arg_sites(doc, arg_uses, skip)

    @staticmethod
    def _word_site(label, w, text, plat=None):
        if w.text != w.value or text[w.start:w.end] != w.text:
            return Site(label, w.value, w.start, w.end, refused="the reference is quoted or split over lines")
        return Site(label, w.value, w.start, w.end, platform=plat)

    @staticmethod
    def _flag_site(label, f, text, value):
        if "$" in value:
            return Site(label, value, f.start, f.end, refused="the reference is built from variables")
        raw = f.raw
        if text[f.start:f.end] != raw or "=" not in raw:
            return Site(label, value, f.start, f.end, refused="the flag is split over lines")
        i = raw.index("=") + 1
        rest = raw[i:]
        if rest == value:
            return Site(label, value, f.start + i, f.end)
        if len(rest) == len(value) + 2 and rest[0] == rest[-1] and rest[0] in "\"'" and rest[1:-1] == value:
            return Site(label, value, f.start + i + 1, f.end - 1)
        return Site(label, value, f.start, f.end, refused="the flag value is quoted or escaped")

    @staticmethod
    def _mount_site(f, text, skip):
        if not f.value or "from=" not in f.value.lower():
            return None
        raw = f.raw
        prefix = raw.find("=") + 1
        body = raw[prefix:]
        if text[f.start:f.end] != raw or body != f.value or any(q in body for q in "\"'"):
            value = next((p.split("=", 1)[1] for p in f.value.split(",") if p.lower().startswith("from=")), f.value)
            if skip(value):
                return None
            return Site("RUN --mount from", value, f.start, f.end, refused="the --mount value is quoted or split over lines")
        pos = 0
        for part in body.split(","):
            if part.lower().startswith("from="):
                value = part[5:]
                if not value or skip(value):
                    return None
                if "$" in value:
                    return Site("RUN --mount from", value, f.start, f.end, refused="the reference is built from variables")
                s = f.start + prefix + pos + 5
                return Site("RUN --mount from", value, s, s + len(value))
            pos += len(part) + 1
        return None

    def _arg_sites(self, doc, arg_uses, skip):
        """``ARG BASE=img`` + ``FROM $BASE``: pin the default, when it is used only as that image."""
        text = doc.text
        for name, froms in arg_uses.items():
            first = froms[0]
            fw = next(st.image_word for st in doc.stages if st.from_ is first)
            where = (fw.start, fw.end)
            decls = []
            for ins in doc.global_args:
                for w in ins.words():
                    k = w.value.split("=", 1)[0]
                    if k == name:
                        decls.append((ins, w))
            label = f"ARG {name} default"
            if not decls:
                yield Site("FROM", fw.value, *where, refused=f"{name} is not a global ARG")
                continue
            with_default = [(i, w) for i, w in decls if "=" in w.value]
            if not with_default:
                yield Site("FROM", fw.value, *where, refused=f"ARG {name} has no default")
                continue
            if len(with_default) > 1:
                yield Site("FROM", fw.value, *where, refused=f"ARG {name} is declared with a default more than once")
                continue
            uses = sum(1 for m in _ANY_VAR.finditer(text) if (m.group(1) or m.group(2)) == name)
            if uses != len(froms):
                yield Site(label, fw.value, *where,
                           refused=f"ARG {name} is also used outside FROM image references; pinning its default would change those")
                continue
            ins, w = with_default[0]
            default = w.value.split("=", 1)[1]
            wh = (w.start, w.end)
            if not default or skip(default):
                continue
            if "$" in default:
                yield Site(label, default, w.start, w.end, refused="the default is built from variables", where=wh)
                continue
            if text[w.start:w.end] != w.text:
                yield Site(label, default, w.start, w.end, refused="the ARG is split over lines", where=wh)
                continue
            head = w.text.split("=", 1)[0] + "="
            rest = w.text[len(head):]
            if rest == default:
                yield Site(label, default, w.start + len(head), w.end, where=wh)
            elif len(rest) == len(default) + 2 and rest[0] == rest[-1] and rest[0] in "\"'" and rest[1:-1] == default:
                yield Site(label, default, w.start + len(head) + 1, w.end - 1, where=wh)
            else:
                yield Site(label, default, w.start, w.end, refused="the default is quoted or escaped", where=wh)
