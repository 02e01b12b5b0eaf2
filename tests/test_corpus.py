"""Invariants over the real Dockerfiles in ../shared/corpus.

- parse/print round-trip is byte-exact;
- the instruction list equals what BuildKit's own parser returns;
- with every transform and --unsafe-fixes: the output parses (ours and
  BuildKit's), a second run changes nothing, and no fix is dropped as broken.
"""

import os

import dockerfile
import pytest
from conftest import corpus_files

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import fix_text
from dockfix.syntax.cst import decode, parse

FILES = corpus_files()
pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not FILES, reason="../shared/corpus not present")]


def test_corpus_is_complete():
    assert len(FILES) >= 2754


def test_round_trip_exact():
    bad = []
    for p in FILES:
        data = p.read_bytes()
        if parse(data).to_bytes() != data:
            bad.append(str(p))
    assert not bad, f"{len(bad)} files do not round-trip: {bad[:5]}"


def ours(doc):
    out = []
    for ins in doc.instructions:
        tail = "".join(h.content + h.name + "\n" for h in ins.heredocs) if ins.sub is None else ""
        original = ins.line_text + ("\n" + tail if tail else "")
        out.append((ins.keyword.text, ins.sub.cmd if ins.sub else None, (ins.sub or ins).json, original,
                    ins.line, ins.end_line, ins.values(),
                    tuple((h.name, h.content) for h in ins.heredocs) if ins.sub is None else ()))
    return out


def buildkit(path):
    return [(c.cmd, c.sub_cmd, c.json, c.original, c.start_line, c.end_line, c.value,
             tuple((h.name, h.content) for h in c.heredocs)) for c in dockerfile.parse_file(str(path))]


def test_instructions_equal_buildkit():
    bad = []
    for p in FILES:
        doc = parse(p.read_bytes())
        mine, ref = ours(doc), buildkit(p)
        if mine != ref:
            diff = next(((a, b) for a, b in zip(ref, mine) if a != b), (len(ref), len(mine)))
            bad.append(f"{p}: {diff}")
    assert not bad, f"{len(bad)} files differ from BuildKit: " + "\n".join(bad[:5])


def test_errors_are_instruction_errors_buildkit_reports_too():
    """The line parser accepts every corpus file (as BuildKit's does); the few
    files we refuse fail BuildKit's instruction parser as well (a missing
    continuation that turns a package name into an unknown instruction)."""
    refused = {}
    for p in FILES:
        doc = parse(p.read_bytes())
        if doc.errors:
            refused[str(p)] = [e.message for e in doc.errors]
    assert len(refused) <= 5, refused
    for msgs in refused.values():
        assert all(m.startswith(("unknown instruction:", "FROM requires", "no build stage")) for m in msgs), msgs


def test_flags_equal_buildkit():
    bad = []
    for p in FILES:
        doc = parse(p.read_bytes())
        ref = dockerfile.parse_file(str(p))
        for ins, c in zip(doc.instructions, ref):
            mine = tuple(_flag_text(f) for f in ins.flags)
            if mine != c.flags:
                bad.append(f"{p}:{ins.line}: {c.flags} vs {mine}")
    assert not bad, "\n".join(bad[:5])


def _flag_text(f):
    # BuildKit returns flags unquoted, name as written: --name=value
    body = f.raw[2:]
    name = body.split("=", 1)[0] if "=" in body else body.strip("'\"")
    return "--" + name + ("" if f.value is None else "=" + f.value)


@pytest.fixture(scope="module")
def fixed_all():
    """--fix --unsafe-fixes with every transform, over the corpus."""
    # DOCKFIX_SELECT=a,b limits the run to some transforms while developing them
    select = tuple(s for s in os.environ.get("DOCKFIX_SELECT", "ALL").split(",") if s)
    settings = Settings(select=select, unsafe_fixes=True)
    results = {}
    for p in FILES:
        text = decode(p.read_bytes())
        results[p] = (text, fix_text(text, str(p), settings))
    return settings, results


def test_fixed_output_parses(fixed_all):
    _, results = fixed_all
    bad = []
    for p, (text, res) in results.items():
        if res.parse_error is not None:  # refused as bad input: left exactly as it was
            if res.output != text:
                bad.append(f"{p}: bad input was changed")
            continue
        if parse(res.output).errors:
            bad.append(f"{p}: ours")
            continue
        if res.changed:
            try:
                dockerfile.parse_string(res.output)
            except Exception as e:  # noqa: BLE001 - the oracle's error type
                bad.append(f"{p}: buildkit: {e}")
    assert not bad, "\n".join(bad[:10])


def test_fixes_are_idempotent(fixed_all):
    settings, results = fixed_all
    bad = []
    for p, (text, res) in results.items():
        if not res.changed:
            continue
        again = fix_text(res.output, str(p), settings)
        if again.output != res.output:
            bad.append(f"{p}: {[f.name for f in again.applied]}")
    assert not bad, f"{len(bad)} files change on a second run:\n" + "\n".join(bad[:10])


def test_no_fix_dropped_as_broken(fixed_all):
    _, results = fixed_all
    bad = [f"{p}: {res.errors}" for p, (_, res) in results.items() if res.errors]
    assert not bad, f"{len(bad)} files with internal errors:\n" + "\n".join(bad[:10])


def test_dockerfile_parse_agrees_where_it_can_read_the_file():
    """The third oracle, dockerfile-parse, on the files it can read (no
    heredocs, no comment or blank lines inside continuations: it mis-reads
    those). Where it disagrees with us, BuildKit's parser must side with us."""
    import io

    from dockerfile_parse import DockerfileParser

    compared, disagreements = 0, []
    for p in FILES:
        data = p.read_bytes()
        doc = parse(data)
        if doc.errors or any(i.heredocs for i in doc.instructions):
            continue
        if any(doc.text[ln.start:ln.end].lstrip().startswith("#") or not doc.text[ln.start:ln.end].strip()
               for i in doc.instructions for ln in i.lines[1:]):
            continue
        compared += 1
        ref = [(s["instruction"], s["startline"] + 1, s["endline"] + 1)
               for s in DockerfileParser(fileobj=io.BytesIO(data)).structure if s["instruction"] != "COMMENT"]
        mine = [(i.keyword.text.upper(), i.line, i.end_line) for i in doc.instructions]
        if ref != mine:
            disagreements.append(p)
    assert compared > 2000
    assert len(disagreements) <= compared // 100, disagreements
    for p in disagreements:
        bk = [(c.cmd.upper(), c.start_line, c.end_line) for c in dockerfile.parse_file(str(p))]
        mine = [(i.keyword.text.upper(), i.line, i.end_line) for i in parse(p.read_bytes()).instructions]
        assert bk == mine, p
