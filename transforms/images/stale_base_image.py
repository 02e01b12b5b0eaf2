"""Base images on a tag the Docker Official Images no longer rebuild (or never published)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import DISPLAY_ONLY, UNSAFE, Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.semantic import official_images as oi
from dockfix.semantic.variables import arg_decls
from dockfix.syntax.cst import Instruction, Stage, Word, unquote

_WHOLE_VAR = re.compile(r"^\$(?:\{(\w+)\}|(\w+))$")


def data_note() -> str:
    d = oi.data()
    return f"Docker Official Images record of {d.date} ({d.source}; refresh: tools/official_images_data.py)"


class StaleBaseImage(Transform):
    name = "stale-base-image"
    code = "DF332"
    summary = "Base images on a tag the Docker Official Images no longer rebuild, or never published"
    hadolint = ()
    buildkit = ()
    applicability = DISPLAY_ONLY
    default_enabled = True
    links = (
        "https://github.com/docker-library/official-images#library-definition-files",
        "https://docs.docker.com/trusted-content/official-images/",
        "https://docs.docker.com/build/building/best-practices/#rebuild-your-images",
    )
    explanation = """
What: a FROM (also through an ARG default: `ARG BASE=node:18` + `FROM
${BASE}`) that names a Docker Official Image on a tag its manifests no
longer list: nobody rebuilds it, so it gets no security fixes, however
often you rebuild your own image. The finding gives the date the tag was
last listed and the maintained successor of the same variant:
    FROM node:18-slim: node:18-slim has not been rebuilt since 2025-05-28
    (no security fixes); maintained: node:24-slim (the LTS line; also
    node:22-slim, node:26-slim)
The successor keeps the variant (`-slim`, `-alpine`, `-windowsservercore`)
and the distribution suite where that is still built (`-bullseye-slim`),
else the variant's default suite; it keeps the tag's precision (`18` ->
`24`, `3.12.1` -> `3.12.14`) and picks the project's LTS line (node's `lts`
tag) or the line `latest` names. A tag the Official Images never published
(`python:3.12-slimm`) is reported as unknown, with the closest current tag.

Which tags are "still rebuilt" is what the shipped record says on its date
(see the Data line below), not a guess from today's date: a tag dropped
after that date is not reported until the data is refreshed
(tools/official_images_data.py; see README, base images).

Why: an image that is not rebuilt keeps the OpenSSL, glibc and language
runtime of the day it was dropped; every CVE fixed since stays in yours.

Fix safety: a move within the same minor line (`python:3.11.4` ->
`python:3.11.16`, patch releases only) is unsafe (applied with
--unsafe-fixes). Any other successor is display-only: a new major or minor
version, or another distribution suite, is the user's call. Digest-pinned
references are reported, not changed (change the tag, then re-pin); a tag
that comes from an ARG default is changed in the ARG when the ARG holds
the whole image reference. A successor the record does not list for the
FROM's `--platform` (or `arm64v8/...` namespace) is named, not offered.
"""

    @classmethod
    def data_note(cls) -> str:
        return data_note()

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        for st in doc.stages:
            w = st.image_word
            if w is None or not w.value or ctx.model.root(st) is not st:  # FROM <an earlier stage>
                continue
            image = ctx.model.base_image(st)
            if image and ('"' in image or "'" in image):
                image = unquote(image, doc.escape)  # FROM alpine:"${TAG}": BuildKit removes the quotes
            ref = oi.official_ref(image)
            if ref is None or not ref.tag or image is None:  # untagged: base-image; `python:`: not a reference
                continue
            status = oi.data().status(ref.repo, ref.tag)
            if status.kind == "current":
                continue
            from_arg = "$" in w.value
            shown = f"{w.value} (= {image} by default)" if from_arg else w.value
            if status.kind == "unknown":
                yield self._unknown(ctx, st, w, ref, shown, from_arg)
            else:
                yield self._stale(ctx, st, w, ref, status.last_listed or "?", shown, from_arg)

    def _stale(self, ctx: Context, st: Stage, w: Word, ref: oi.OfficialRef, date: str, shown: str,
               from_arg: bool) -> Finding:
        tag = ref.tag or ""
        msg = f"FROM {shown}: {ref.repo}:{tag} has not been rebuilt since {date} (no security fixes)"
        succ = oi.successor(ref.repo, tag)
        where = (w.start, w.end)
        if succ is None:
            repo = oi.data().repository(ref.repo)
            if repo is not None and not repo.groups:
                msg += f"; the {ref.repo} image is no longer published at all (deprecated)"
                why = f"no successor: {ref.repo} is deprecated; move to the image its page recommends"
            else:
                why = "the data names no maintained tag of the same variant: choose one"
            return ctx.finding(self, where, msg, refused=why)
        others = f"; also {', '.join(f'{ref.repo}:{t}' for t in succ.others)}" if succ.others else ""
        msg += f"; maintained: {ref.repo}:{succ.tag} ({succ.why}{others})"
        return self._fix_to(ctx, st, w, ref, succ.tag, msg, UNSAFE if succ.same_line else DISPLAY_ONLY,
                            f"use {ref.repo}:{succ.tag}" + ("" if succ.same_line else
                                                            " (a new version: review its changes)"),
                            from_arg)

    def _unknown(self, ctx: Context, st: Stage, w: Word, ref: oi.OfficialRef, shown: str, from_arg: bool) -> Finding:
        import difflib

        tag = ref.tag or ""
        d = oi.data()
        repo = d.repository(ref.repo)
        msg = (f"FROM {shown}: {ref.repo}:{tag} is not a tag the Docker Official Images ever published "
               f"(record of {d.date}): a typo, or a tag newer than dockfix's data")
        close = difflib.get_close_matches(tag, list(repo.group_of) if repo else [], n=1, cutoff=0.8)
        if not close:
            return ctx.finding(self, (w.start, w.end), msg, refused="check the tag against the image's page")
        msg += f"; did you mean {ref.repo}:{close[0]}?"
        return self._fix_to(ctx, st, w, ref, close[0], msg, DISPLAY_ONLY, f"use {ref.repo}:{close[0]}", from_arg)

    def _fix_to(self, ctx: Context, st: Stage, w: Word, ref: oi.OfficialRef, new: str, msg: str, applicability,
                message: str, from_arg: bool) -> Finding:
        where = (w.start, w.end)
        if ref.digest:
            return ctx.finding(self, where, msg, refused="pinned by digest: change the tag, then re-pin")
        arch = ref.arch or oi.platform_arch(st.platform)
        repo = oi.data().repository(ref.repo)
        built = repo.architectures(new) if repo else ()
        if arch and arch not in built:
            return ctx.finding(self, where, msg, refused=f"{ref.repo}:{new} is not built for {arch} "
                                                         f"(only {', '.join(built) or 'unknown'})")
        span = self._arg_tag_span(ctx, st, w, ref) if from_arg else self._tag_span(ctx, w, ref)
        if isinstance(span, str):
            return ctx.finding(self, where, msg, refused=span)
        return ctx.finding(self, where, msg, fix=Fix([Edit(span[0], span[1], new)], applicability, message=message))

    @staticmethod
    def _tag_span(ctx: Context, w: Word, ref: oi.OfficialRef) -> tuple[int, int] | str:
        v = w.value or ""
        if w.text != v or ctx.doc.text[w.start:w.end] != v or not ref.tag or not v.endswith(":" + ref.tag):
            return "the reference is quoted or split over lines"
        return w.start + len(v) - len(ref.tag), w.end

    @staticmethod
    def _arg_tag_span(ctx: Context, st: Stage, w: Word, ref: oi.OfficialRef) -> tuple[int, int] | str:
        """The tag inside the ARG default the FROM takes its whole reference from."""
        m = _WHOLE_VAR.match(w.value or "")
        if m is None:
            return "the tag is built from build arguments: change their defaults"
        name = m.group(1) or m.group(2)
        decl: Instruction | None = None
        for ins in ctx.doc.global_args:
            if any(k == name and v is not None for k, v in arg_decls(ins)):
                decl = ins
        if decl is None:
            return f"ARG {name} has no default here"
        for word in decl.words():
            text = word.text
            if text.startswith(name + "=") and word.value == text and ref.tag and text.endswith(":" + ref.tag):
                return word.end - len(ref.tag), word.end
        return f"change the default of ARG {name} (line {decl.line})"
