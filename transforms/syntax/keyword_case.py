"""Instruction keywords in upper case, and ``AS`` in FROM (ConsistentInstructionCasing, FromAsCasing)."""

from __future__ import annotations

from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import Edit, Finding, Fix
from dockfix.fixing.registry import Transform


class KeywordCase(Transform):
    name = "keyword-case"
    code = "DF010"
    summary = "Write instruction keywords and FROM's AS in upper case"
    hadolint = ()
    buildkit = ("ConsistentInstructionCasing", "FromAsCasing")
    links = (
        "https://docs.docker.com/reference/build-checks/consistent-instruction-casing/",
        "https://docs.docker.com/reference/build-checks/from-as-casing/",
    )
    explanation = """
What: every instruction keyword that is not all upper case (`run`, `Copy`,
the inner keyword of `onbuild run`) is written in upper case, and the `as`
of `FROM image as name` becomes `AS`.

Why: BuildKit warns when a file mixes keyword casings
(ConsistentInstructionCasing: it takes the majority casing as the norm and
flags the others, and always flags mixed-case words like `Run`) and when the
casing of `AS` does not match the casing of `FROM` (FromAsCasing). Upper
case is the convention of the Dockerfile reference and of almost every
Dockerfile; one casing for the whole file satisfies both checks.

Example:
    from alpine as build
    run echo hi
becomes
    FROM alpine AS build
    RUN echo hi

Fix safety: safe. Keywords and `AS` are case-insensitive for BuildKit;
only their letters change, nothing else on the line is touched (arguments,
comments, continuation lines and parser directives stay byte-identical). A
keyword split over a continuation line is left alone.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        text = doc.text
        for ins in doc.instructions:
            edits = []
            for part in (ins, ins.sub):
                if part is None:
                    continue
                kw = part.keyword
                if kw.text and kw.text != kw.text.upper() and text[kw.start:kw.end] == kw.text:
                    edits.append(Edit(kw.start, kw.end, kw.text.upper()))
            if ins.cmd == "FROM":
                words = ins.plain_words()
                if len(words) >= 3 and words[1].text.lower() == "as" and words[1].text != "AS":
                    w = words[1]
                    if text[w.start:w.end] == w.text:
                        edits.append(Edit(w.start, w.end, "AS"))
            if not edits:
                continue
            what = ", ".join(f"{text[e.start:e.end]!r} -> {e.content!r}" for e in edits)
            yield ctx.finding(self, ins, f"keyword casing: {what}",
                              fix=Fix.safe(*edits, message="upper-case the keyword"))
