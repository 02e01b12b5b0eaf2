"""Pairs of transforms do not undo or repeat each other's fixes (issue 16).

Every pair of default transforms (with --unsafe-fixes) that both find something
in a file runs on a seeded sample of ../shared/corpus, and the output must not
have what no single fix writes: ``apt-get update && rm -rf /var/lib/apt/lists/*
&& apt-get update`` in one RUN, a WORKDIR that repeats the one in force, the
same ``rm`` twice in a RUN, a RUN that ends ``apt-get update && rm -rf
/var/lib/apt/lists/*`` (a step that does nothing), a ``yum clean`` followed by
another install in one RUN, more of any of these than the input had.
``bench/transform_pairs.py`` runs the same over the whole corpus.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from conftest import corpus_files

from dockfix.fixing import registry
from dockfix.fixing.config import Settings
from dockfix.fixing.engine import check_text, fix_text
from dockfix.semantic.model import model_of
from dockfix.syntax.cst import decode, parse

SAMPLE = 150
PER_PAIR = 4  # files per pair, so that the test stays fast

_UPDATE = r"apt(?:-get)?\s+(?:-\S+\s+)*update"
_UPDATE_RM_UPDATE = re.compile(_UPDATE + r".*?rm\s+-[rf]+\s+/var/lib/apt/lists/\S*.*?" + _UPDATE, re.S)
# a layer that fetches the lists only to delete them
_UPDATE_THEN_RM = re.compile(_UPDATE + r"\s*(?:&&|;)\s*(?:\\\s*)?rm\s+-[rf]+\s+/var/lib/apt/lists/\S*\s*$")
# a yum/dnf clean-up in the middle of a RUN that installs again after it
_CLEAN_THEN_INSTALL = re.compile(r"\b(yum|dnf|microdnf)\s+(?:-\S+\s+)*clean\b.*?\b\1\s+(?:-\S+\s+)*install\b", re.S)
# the same rm twice in a row (two fixes that each add the clean-up)
_DOUBLE_RM = re.compile(r"(?<![\w-])(rm (?:-\S+ )+[^&|;]+?) ?(?:&&|;) ?\1(?= ?(?:&&|;|$))")


def problems(text: str) -> dict[str, int]:
    """How many of each pattern no single fix writes the text has."""
    doc = parse(text)
    out = {"update/rm/update": 0, "repeated WORKDIR": 0, "double rm": 0, "update && rm": 0, "clean/install": 0}
    if doc.errors:
        return out
    model = model_of(doc)
    for ins in doc.instructions:
        if ins.cmd == "RUN":
            body = ins.logical.text
            out["update/rm/update"] += len(_UPDATE_RM_UPDATE.findall(body))
            out["update && rm"] += bool(_UPDATE_THEN_RM.search(body.strip()))
            out["clean/install"] += len(_CLEAN_THEN_INSTALL.findall(body))
            flat = re.sub(r"\s+", " ", body.replace("\\\n", " "))
            out["double rm"] += len(_DOUBLE_RM.findall(flat))
        elif ins.cmd == "WORKDIR" and ins.stage is not None:
            between = ins.stage.instructions[:ins.stage.instructions.index(ins)]
            last_wd = max((k for k, o in enumerate(between) if o.cmd == "WORKDIR"), default=None)
            if last_wd is None or any(o.cmd != "RUN" for o in between[last_wd + 1:]):
                continue  # only RUNs between the two: the pattern splits of consecutive RUNs leave
            before = model.workdir_state(ins)
            here = model.workdir_after(ins.stage) if ins is ins.stage.instructions[-1] else None
            nxt = ins.stage.instructions[ins.stage.instructions.index(ins) + 1:]
            after = model.workdir_state(nxt[0]) if nxt else None
            here = after.cwd if after is not None else here
            if before is not None and before.set_by is not None and here is not None and before.cwd == here:
                out["repeated WORKDIR"] += 1
    return out


def worse(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return [k for k in before if after[k] > before[k]]


def default_names() -> list[str]:
    return sorted(name for name, cls in registry.load_all().items() if cls.default_enabled)


def firing(text: str, path: str, names: Iterable[str]) -> set[str]:
    res = check_text(text, path, Settings(select=tuple(names), unsafe_fixes=True))
    return {f.name for f in res.remaining if f.fix is not None}


def check_pairs(files: list[Path], per_pair: int | None) -> tuple[int, list[str]]:
    """(fix runs done, what went wrong) for every pair of transforms that both fire."""
    names = default_names()
    texts = {p: decode(p.read_bytes()) for p in files}
    fired = {p: firing(t, str(p), names) for p, t in texts.items()}
    base = {p: problems(t) for p, t in texts.items()}
    runs, bad = 0, []
    for a, b in itertools.combinations(names, 2):
        hits = [p for p in files if {a, b} <= fired[p]]
        for p in hits[:per_pair] if per_pair else hits:
            res = fix_text(texts[p], str(p), Settings(select=(a, b), unsafe_fixes=True))
            runs += 1
            for what in worse(base[p], problems(res.output)):
                bad.append(f"{p.name}: {a} + {b}: {what}")
    for p, t in texts.items():  # and all of them at once
        res = fix_text(t, str(p), Settings(select=tuple(names), unsafe_fixes=True))
        runs += 1
        bad += [f"{p.name}: all: {what}" for what in worse(base[p], problems(res.output))]
    return runs, bad


FILES = corpus_files()


@pytest.mark.corpus
@pytest.mark.skipif(not FILES, reason="../shared/corpus not present")
def test_pairs_of_transforms_do_not_undo_or_repeat_each_other():
    sample = random.Random(16).sample(FILES, min(SAMPLE, len(FILES)))
    runs, bad = check_pairs(sample, PER_PAIR)
    assert runs > SAMPLE
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize("text, what", [
    ("FROM debian:12\nRUN apt-get update && rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install x\n",
     "update/rm/update"),
    ("FROM debian:12\nWORKDIR /app\nRUN make\nWORKDIR /app\nRUN make install\n", "repeated WORKDIR"),
    ("FROM debian:12\nRUN make && rm -rf /tmp/x && \\\n    rm -rf /tmp/x\n", "double rm"),
    ("FROM debian:12\nRUN echo x >> /etc/apt/sources.list && apt-get update && rm -rf /var/lib/apt/lists/*\n",
     "update && rm"),
    ("FROM centos:7\nRUN ( yum install -y a && yum clean all ) && \\\n    yum install -y b && yum clean all\n",
     "clean/install"),
])
def test_the_patterns_are_recognised(text, what):
    assert problems(text)[what] == 1
    assert problems("FROM debian:12\nWORKDIR /app\nRUN make\n") == {k: 0 for k in problems(text)}
