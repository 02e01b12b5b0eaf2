"""The proof suite: every case builds and runs like the original after ``--fix --unsafe-fixes``.

``pytest -m proof`` selects the suite.  The default run takes the fast cases; set
``DOCKFIX_PROOF=all`` for all of them (``bench/proof.py`` runs all and prints a table).
A case a transform breaks today is an xfail(strict=True) with the mechanism as its reason.
"""

from __future__ import annotations

import os

import pytest
from proofcases import CASES, explain, outcome, prove, tag_bases
from verify_fixture import buildah_root  # noqa: F401 - session fixture

ALL = os.environ.get("DOCKFIX_PROOF", "") == "all"


def _param(case):
    marks = [pytest.mark.proof, pytest.mark.build]
    if not case.fast and not ALL:
        marks.append(pytest.mark.skip(reason="slow proof case: DOCKFIX_PROOF=all (or bench/proof.py) runs it"))
    if case.finding:
        marks.append(pytest.mark.xfail(strict=True, reason=case.finding))
    return pytest.param(case, id=case.name, marks=marks)


@pytest.fixture(scope="session")
def proof_root(buildah_root):  # noqa: F811
    tag_bases(buildah_root)
    return buildah_root


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_fixed_image_builds_and_runs_like_the_original(case, proof_root):
    r = prove(case, proof_root)
    got = outcome(r)
    if got == "cannot-build-here":
        pytest.skip(f"{case.name}: {explain(r)}")  # reported (-rs), never passed
    assert r["applied"], "no fix applies: the case proves nothing"
    assert got == "proven", explain(r)
