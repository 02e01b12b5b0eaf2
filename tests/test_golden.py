"""Every golden case: expected output and findings, idempotent, output parses (ours and BuildKit's)."""

import os
from pathlib import Path

import dockerfile
import pytest

from dockfix.fixing.engine import check_text, fix_text
from dockfix.syntax.cst import decode, encode, parse
from golden import all_cases, findings_of, settings_for, write_case

ROOT = Path(__file__).resolve().parent.parent
CASES = all_cases(ROOT / "golden")


def _id(c):
    return f"{c.transform}/{c.path.relative_to(ROOT / 'golden' / c.transform)}"


def test_there_are_golden_cases():
    assert len(CASES) >= 1


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_golden(case, update_golden):
    update_golden = update_golden or os.environ.get("DOCKFIX_UPDATE_GOLDEN") == "1"
    settings = settings_for(case)
    path = str(case.path)
    res = fix_text(decode(case.input), path, settings)
    assert res.parse_error is None, f"input does not parse: {res.parse_error}"
    assert not res.errors, res.errors
    out = encode(res.output)
    # files written beside the Dockerfile (e.g. .dockerignore): compared with
    # expected<name> in the case folder
    for side, content in sorted(res.side_files.items()):
        assert case.context is not None, f"a single-file case produced {side}"
        exp = case.context / ("expected" + os.path.basename(side))
        if update_golden:
            exp.write_bytes(encode(content))
            continue
        assert exp.is_file(), f"unexpected side file {side}"
        assert encode(content) == exp.read_bytes()
    if case.context is not None and not update_golden:
        for exp in case.context.glob("expected*"):
            assert any(os.path.basename(s) == exp.name[len("expected"):] for s in res.side_files), \
                f"{exp.name} expected but not produced"
    findings = findings_of(case)
    if update_golden:
        write_case(case, out, findings)
        return
    assert case.findings is not None, "no findings lines: run python tests/golden.py --update"
    assert findings == case.findings
    expected = case.input if case.expected is None else case.expected
    assert out.decode("utf-8", "replace") == expected.decode("utf-8", "replace")
    assert out == expected
    # idempotent: a second run changes nothing
    again = fix_text(res.output, path, settings)
    assert again.output == res.output, "second run changed the output"
    # the output parses, for us and for BuildKit's own parser
    assert not parse(res.output).errors
    dockerfile.parse_string(res.output)


STRUCTURAL = ("non-root-user", "copy-order-for-cache", "add-tarball-to-curl", "multi-stage")


REFUSALS = [c for c in CASES if c.transform in STRUCTURAL and "refuse" in str(c.path.relative_to(ROOT / "golden"))]


@pytest.mark.parametrize("case", REFUSALS, ids=[f"{c.transform}/{c.path.name if c.path.name != 'Dockerfile' else c.path.parent.name}" for c in REFUSALS])
def test_refusals_give_a_reason(case):
    """Every refuse-* golden case yields a finding of its transform with a reason and no fix."""
    settings = settings_for(case)
    res = check_text(decode(case.input), str(case.path), settings)
    mine = [f for f in res.remaining if f.name == case.transform]
    assert mine, "no finding"
    assert all(f.fix is None for f in mine)
    assert all(f.refused and len(f.refused) > 10 for f in mine)
