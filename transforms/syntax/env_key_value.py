"""``ENV key value`` / ``LABEL key value`` -> ``key=value`` (BuildKit LegacyKeyValueFormat)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.syntax.cst import _SPACE, split_words

_KEY_RE = re.compile(r"^[A-Za-z0-9_.\-/:@]+$")


def _legacy_split(rest: str):
    """(key, value, offset of value in rest) of the legacy one-pair form."""
    m = re.match(r"([^\t\v\f\r ]+)[\t\v\f\r ]+", rest)
    if not m:
        return None
    return m.group(1), rest[m.end():], m.end()


class EnvKeyValue(Transform):
    name = "env-key-value"
    code = "DF011"
    summary = "Use the key=value form of ENV and LABEL"
    hadolint = ()
    buildkit = ("LegacyKeyValueFormat",)
    links = ("https://docs.docker.com/reference/build-checks/legacy-key-value-format/",)
    explanation = """
What: the legacy one-pair form `ENV key value` (and `LABEL key value`)
becomes `ENV key=value`.

Why: BuildKit warns about the legacy form (LegacyKeyValueFormat) and it is
easy to misread: everything after the key, spaces included, is the value,
so `ENV A B=1` sets A to "B=1" rather than two variables.

Example:
    ENV PATH /opt/app/bin:$PATH
    ENV PHPIZE_DEPS \\
            autoconf \\
            file
    LABEL description A small image
becomes
    ENV PATH=/opt/app/bin:$PATH
    ENV PHPIZE_DEPS="autoconf \\
            file"
    LABEL description="A small image"

Fix safety: safe; the value BuildKit computes stays exactly the same.
In the legacy form the value is the whole rest of the line, whitespace
inside it included; both forms then go through the same word processing
(quotes removed, variables expanded). So:
- a value that is one word as written (`"x y"`, `/a:$PATH`) is kept
  byte-for-byte after `key=`;
- a value with unquoted spaces and no quotes or escape characters is wrapped
  in double quotes (inside which `$` still expands, exactly as before);
- a value spread over continuation lines is quoted from its first character
  to its last, and the space between the key and the value (continuation
  included) becomes `=`: `ENV A=\\` followed by bare words would not parse.
  A value with its own quotes or escape characters and unquoted spaces is
  left alone (re-quoting it could change it), as are comment lines between
  the key and the value, and unusual keys.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        esc = doc.escape
        text = doc.text
        for ins in doc.iter_all():
            if ins.cmd not in ("ENV", "LABEL") or ins.error or not ins.args:
                continue
            lt = ins.logical.text
            base = ins.args_offset
            while base < len(lt) and lt[base] in _SPACE:
                base += 1
            rest = lt[base:].rstrip(_SPACE)
            words = split_words(rest, esc)
            if not words or "=" in words[0][0]:
                continue  # already key=value
            sp = _legacy_split(rest)
            if sp is None:
                continue
            key, value, voff = sp
            msg = f"legacy '{ins.keyword.text} {key} value' form; use {key}=value"
            target = ins if ins.sub is None else ins.sub
            if not _KEY_RE.match(key):
                yield ctx.finding(self, target, msg, refused="the key has characters that need quoting", instruction=ins)
                continue
            kend = ins.logical.to_file_end(base + len(key))
            vstart = ins.logical.to_file(base + voff)
            vend = ins.logical.to_file_end(base + len(rest))
            gap = text[kend:vstart]
            if "#" in gap:
                yield ctx.finding(self, target, msg, refused="comment lines between the key and the value", instruction=ins)
                continue
            one_word = len(split_words(value, esc)) == 1 and split_words(value, esc)[0][0] == value
            edits = [Edit(kend, vstart, "=")]
            if not one_word:
                if any(c in value for c in ('"', "'", esc)):
                    yield ctx.finding(self, target, msg,
                                      refused="the value mixes quotes or escapes with spaces; re-quoting could change it",
                                      instruction=ins)
                    continue
                edits = [Edit(kend, vstart, '="'), Edit(vend, vend, '"')]
            yield ctx.finding(self, target, msg, fix=Fix.safe(*edits, message=f"write {key}=value"), instruction=ins)
