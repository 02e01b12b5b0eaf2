"""MAINTAINER -> LABEL org.opencontainers.image.authors (DL4000)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.syntax.text import dquote, keyword_case


def _author(value: str) -> str:
    """The author as a person writes it: MAINTAINER takes its text as is, so authors often quoted
    it (``"a@b.c"``, ``Jane "jane@x.org"``); the quotes are dropped and a quoted address gets the
    usual angle brackets (``Jane <jane@x.org>``). Other text is kept."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'" and value.count(value[0]) == 2:
        return value[1:-1]
    return re.sub(r"(?<=\s)([\"'])([^\s\"'<>@]+@[^\s\"'<>]+)\1$", r"<\2>", value)


class MaintainerToLabel(Transform):
    name = "maintainer-to-label"
    code = "DF001"
    summary = "Replace the deprecated MAINTAINER with an OCI authors LABEL"
    hadolint = ("DL4000",)
    buildkit = ("MaintainerDeprecated",)
    links = ("https://docs.docker.com/reference/dockerfile/#maintainer-deprecated",)
    explanation = """
What: `MAINTAINER name` becomes `LABEL org.opencontainers.image.authors="name"`.

Why: MAINTAINER is deprecated since Docker 1.13; BuildKit warns about it
(MaintainerDeprecated) and hadolint reports DL4000. The OCI annotation
`org.opencontainers.image.authors` is where tools look for the authors now.

Example:
    MAINTAINER Jane Doe <jane@example.com>
becomes
    LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"

Fix safety: safe. The value is quoted and `$` is escaped, because LABEL
expands variables and MAINTAINER does not. The only observable difference is
that `docker inspect` shows the value under Labels instead of the legacy
Author field. A MAINTAINER spread over continuation lines with comments
inside is left alone (joining it would drop the comments).
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        for ins in doc.instructions:
            if ins.cmd != "MAINTAINER":
                continue
            value = ins.args
            if not value:
                yield ctx.finding(self, ins, "MAINTAINER without a value is deprecated", refused="nothing to convert")
                continue
            if ins.is_multiline and any(doc.text[l.start:l.end].lstrip().startswith("#") for l in ins.lines[1:]):
                yield ctx.finding(self, ins, "MAINTAINER is deprecated", refused="comment lines inside the instruction")
                continue
            new = f"{keyword_case('LABEL', ins)} org.opencontainers.image.authors={dquote(_author(value), doc.escape)}"
            fix = Fix.safe(Edit(ins.keyword.start, ins.args_end, new), message="use LABEL org.opencontainers.image.authors")
            yield ctx.finding(self, ins, "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors", fix=fix)
