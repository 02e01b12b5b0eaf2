"""Refusals as data: a transform lists small named predicates, each returning its reason.

    _REFUSALS = (_runs_as_non_root, _url_unquotable, ...)
    reason = first_refusal(_REFUSALS, ctx, site)

Each predicate takes the same arguments and returns the reason it refuses (a
sentence shown to the user) or None.  They run in order and stop at the first
reason, so a later predicate may rely on the earlier ones having passed.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

Refusal = Callable[..., "str | None"]


def first_refusal(predicates: Iterable[Refusal], *args: Any) -> str | None:
    """The reason of the first predicate that refuses, or None."""
    for refuse in predicates:
        reason = refuse(*args)
        if reason is not None:
            return reason
    return None
