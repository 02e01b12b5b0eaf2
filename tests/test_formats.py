"""Output formats (json, SARIF, GitHub annotations, text with colours), --jobs, progress, summary.

The SARIF schema in tests/sarif-schema-2.1.0.json is the SARIF 2.1.0 JSON
schema (version rtm.5, the one SchemaStore serves as sarif-2.1.0.json and
GitHub code scanning validates against), taken from the MIT-licensed npm
package @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json).
"""

import json
import os
import re
import sys
from pathlib import Path

import jsonschema
import pexpect
import pytest

SEL = ("--select", "maintainer-to-label")
BAD = b"FROM alpine\nMAINTAINER Jane <j@x>\nRUN true\n"
SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text())


def write(p, data: bytes):
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


def sarif_of(r):
    log = json.loads(r.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    return log


# ------------------------------------------------------------------ json

def test_json_report_has_edits_with_positions(tmp_path, run_cli):
    write(tmp_path / "Dockerfile", BAD)
    r = run_cli(*SEL, "--format", "json", "Dockerfile")
    assert r.returncode == 1
    [row] = json.loads(r.stdout)
    assert (row["path"], row["line"], row["column"], row["code"]) == ("Dockerfile", 2, 1, "DF001")
    assert row["buildkit"] == ["MaintainerDeprecated"] and row["dl_codes"] == ["DL4000"]
    assert row["fix"]["applicability"] == "safe" and "applied" not in row
    [e] = row["fix"]["edits"]
    text = BAD.decode()
    assert text[e["start"]:e["end"]] == "MAINTAINER Jane <j@x>"
    assert (e["start_line"], e["start_column"], e["end_line"], e["end_column"]) == (2, 1, 2, 22)


def test_json_fix_mode_lists_applied_and_remaining(tmp_path, run_cli):
    write(tmp_path / "Dockerfile", BAD + b"MAINTAINER a \\\n# c\n  b\n")
    r = run_cli(*SEL, "--fix", "--format", "json", "Dockerfile")
    rows = json.loads(r.stdout)
    assert r.returncode == 1
    assert [(x["applied"], x["line"]) for x in rows] == [(True, 2), (False, 4)]
    assert rows[1]["refused"] and rows[1]["fix"] is None


def test_json_diff_mode_reports_original_findings(tmp_path, run_cli):
    write(tmp_path / "Dockerfile", BAD)
    r = run_cli(*SEL, "--diff", "--format", "json", "Dockerfile")
    assert r.returncode == 1  # diff semantics: something would change
    rows = json.loads(r.stdout)
    assert [x["line"] for x in rows if x["applied"] is False] == [2]


# ------------------------------------------------------------------ sarif

def test_sarif_validates_and_locates(tmp_path, run_cli):
    write(tmp_path / "svc" / "Dockerfile", BAD)
    write(tmp_path / "other dir" / "Dockerfile", b"FROM a\n\nmaintainer x\n")
    r = run_cli(*SEL, "--format", "sarif", ".")
    assert r.returncode == 1
    log = sarif_of(r)
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [x["id"] for x in rules]
    assert len(ids) == len(set(ids)) and "DF001" in ids
    rule = rules[ids.index("DF001")]
    assert "Fix safety" in rule["help"]["text"] and rule["helpUri"].startswith("https://")
    assert "DL4000" in rule["properties"]["tags"]
    by_uri = {}
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        by_uri[loc["artifactLocation"]["uri"]] = (loc["region"], res)
    assert set(by_uri) == {"svc/Dockerfile", "other%20dir/Dockerfile"}
    region, res = by_uri["other%20dir/Dockerfile"]
    assert region == {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 13}
    [fix] = res["fixes"]
    [rep] = fix["artifactChanges"][0]["replacements"]
    assert rep["deletedRegion"]["startLine"] == 3
    assert rep["insertedContent"]["text"].startswith("label ")


def test_sarif_bad_input_is_a_notification(tmp_path, run_cli):
    write(tmp_path / "Dockerfile", b"FROM a\nRUN <<EOF\necho\n")
    r = run_cli(*SEL, "--format", "sarif", "Dockerfile")
    assert r.returncode == 2 and b"Dockerfile:2:1: error:" in r.stderr
    log = sarif_of(r)
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    [note] = inv["toolExecutionNotifications"]
    assert note["level"] == "error" and "heredoc" in note["message"]["text"]


def test_sarif_with_no_findings_validates(tmp_path, run_cli):
    write(tmp_path / "Dockerfile", b"FROM a\n")
    r = run_cli(*SEL, "--format", "sarif", "Dockerfile")
    assert r.returncode == 0
    assert sarif_of(r)["runs"][0]["results"] == []


# ------------------------------------------------------------------ github

def test_github_annotations(tmp_path, run_cli):
    write(tmp_path / "a,b:c" / "Dockerfile", BAD)
    r = run_cli(*SEL, "--format", "github", ".")
    assert r.returncode == 1
    [line] = r.stdout.decode().splitlines()
    m = re.fullmatch(r"::warning file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^:]+)::(.*)", line)
    assert m, line
    assert m.group(1) == "a%2Cb%3Ac/Dockerfile"
    assert m.groups()[1:5] == ("2", "1", "2", "22")
    assert m.group(6) == "maintainer-to-label (DF001)"
    assert "dockfix --fix" in m.group(7)


def test_github_bad_input_is_an_error_annotation(tmp_path, run_cli):
    write(tmp_path / "Dockerfile", b"\x00\x01binary")
    r = run_cli(*SEL, "--format", "github", "Dockerfile")
    assert r.returncode == 2
    assert r.stdout.decode().startswith("::error file=Dockerfile,line=1,col=1,title=dockfix::binary file")


# ------------------------------------------------------------------ --jobs

def _tree(root):
    for i in range(14):
        body = BAD if i % 3 else b"FROM a\nRUN true\n"
        if i == 5:
            body = b"FROM a\nRUN <<EOF\n"  # bad input in the middle
        write(root / f"s{i:02d}" / "Dockerfile", body)


@pytest.mark.parametrize("mode", [(), ("--diff",), ("--format", "json"), ("--format", "sarif")])
def test_jobs_give_identical_output(tmp_path, run_cli, mode):
    _tree(tmp_path)
    one = run_cli(*SEL, *mode, "--jobs", "1", ".")
    two = run_cli(*SEL, *mode, "--jobs", "3", ".")
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert one.stdout  # there was output to compare


def test_jobs_fix_writes_the_same(tmp_path, run_cli):
    _tree(tmp_path / "x")
    _tree(tmp_path / "y")
    a = run_cli(*SEL, "--fix", "-j", "1", "x")
    b = run_cli(*SEL, "--fix", "-j", "4", "y")
    assert a.returncode == b.returncode == 2
    for i in range(14):
        assert (tmp_path / "x" / f"s{i:02d}" / "Dockerfile").read_bytes() == (tmp_path / "y" / f"s{i:02d}" / "Dockerfile").read_bytes()
    assert (tmp_path / "y" / "s01" / "Dockerfile").read_bytes().count(b"LABEL") == 1


def test_parallel_run_keeps_order_in_process(tmp_path):
    """The pool path itself (not only through the CLI): outcomes come back in job order."""
    from dockfix.app import runner as parallel

    _tree(tmp_path)
    jobs = [parallel.Job(str(p), str(p), "fix", cli={"select": ("maintainer-to-label",)})
            for p in sorted(tmp_path.rglob("Dockerfile"))]
    seq = list(parallel.run(jobs, 1))
    par = list(parallel.run(jobs, 2))
    assert [o.display for o in par] == [j.display for j in jobs]
    assert [(o.output, o.parse_error, o.problems, [f.line for f in o.applied]) for o in par] == \
           [(o.output, o.parse_error, o.problems, [f.line for f in o.applied]) for o in seq]


# ------------------------------------------------------------------ text, colours, progress, summary

def test_summary_counts_per_transform(tmp_path, run_cli):
    write(tmp_path / "a" / "Dockerfile", BAD)
    write(tmp_path / "b" / "Dockerfile", BAD + b"MAINTAINER a \\\n# c\n  b\n")
    r = run_cli(*SEL, ".")
    assert "Found 3 findings in 2 files (maintainer-to-label 3 [2 fixable])." in r.stdout.decode()
    r = run_cli(*SEL, "--fix", ".")
    assert "Fixed 2 findings in 2 of 2 files (maintainer-to-label: 2); 1 remaining (maintainer-to-label 1)." in r.stdout.decode()


def _pty(args, cwd, env=None):
    e = dict(os.environ, TERM="xterm-256color", COLUMNS="200")
    e.pop("NO_COLOR", None)
    e.pop("FORCE_COLOR", None)
    e.update(env or {})
    child = pexpect.spawn(sys.executable, ["-m", "dockfix", *args], cwd=str(cwd), env=e, timeout=60,
                          dimensions=(50, 200))
    child.expect(pexpect.EOF)
    child.close()
    return child.before.decode("utf-8", "replace"), child.exitstatus


def test_colours_only_on_a_terminal(tmp_path, run_cli):
    write(tmp_path / "Dockerfile", BAD)
    out, code = _pty([*SEL, "Dockerfile"], tmp_path)
    assert code == 1 and "\x1b[" in out and "maintainer-to-label" in out
    out, _ = _pty([*SEL, "--diff", "Dockerfile"], tmp_path)
    assert "\x1b[" in out and "+LABEL" in re.sub(r"\x1b\[[0-9;]*m", "", out)
    for args, env in [(("--no-color",), None), ((), {"NO_COLOR": "1"})]:
        out, code = _pty([*SEL, *args, "Dockerfile"], tmp_path, env)
        assert code == 1 and "\x1b[" not in out and "Dockerfile:2:1: maintainer-to-label" in out
    piped = run_cli(*SEL, "Dockerfile")
    assert b"\x1b[" not in piped.stdout and b"\x1b[" not in piped.stderr


def test_progress_bar_on_a_terminal_for_many_files(tmp_path, run_cli):
    for i in range(60):
        write(tmp_path / f"d{i:02d}" / "Dockerfile", b"FROM a\n")
    out, code = _pty([*SEL, "."], tmp_path)
    assert code == 0 and "/60" in out and "All checks passed (60 files)." in out
    few = tmp_path / "d00"
    out, _ = _pty([*SEL, "."], few)
    assert "/1" not in out
    piped = run_cli(*SEL, ".")
    assert b"/60" not in piped.stderr


def test_plain_paths_do_not_import_rich():
    code = (
        "import sys, io; from dockfix.app.cli import main\n"
        "main(['--version'])\n"
        "assert not {'rich', 'questionary', 'prompt_toolkit'} & set(sys.modules), 'version'\n"
        f"main(['--select', 'maintainer-to-label', '--diff', {str(Path(__file__).parent.parent / 'golden' / 'maintainer-to-label' / 'basic.Dockerfile')!r}])\n"
        "assert not {'rich', 'questionary', 'prompt_toolkit'} & set(sys.modules), 'diff'\n"
    )
    import subprocess

    r = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert r.returncode == 0, r.stderr.decode()


# ------------------------------------------------------------------ fixes that write files beside the Dockerfile

SIDE_DRIVER = r'''
import os, sys
from dockfix.fixing.edit import Fix, SAFE
from dockfix.fixing.registry import Transform


class Side(Transform):
    name = "test-side"
    code = "DF992"
    summary = "Keep a .testignore beside the Dockerfile"
    explanation = "What: test transform. Fix safety: safe."

    def check(self, ctx):
        p = os.path.join(os.path.dirname(os.path.abspath(ctx.path)), ".testignore")
        old = ctx.read_file(p)
        if old is not None and "secret\n" in old:
            return
        new = (old or "") + "secret\n"
        ins = ctx.doc.instructions[0]
        yield ctx.finding(self, ins, "no .testignore", fix=Fix([], SAFE, message="write .testignore", files=[(p, new)]))


from dockfix.app.cli import main
sys.exit(main())
'''


def _side(tmp_path, *args):
    import subprocess

    (tmp_path / "driver.py").write_text(SIDE_DRIVER)
    return subprocess.run([sys.executable, str(tmp_path / "driver.py"), "--select", "test-side,maintainer-to-label", *args],
                          cwd=tmp_path, capture_output=True, timeout=120)


def test_side_files_in_diff_fix_json_and_parallel(tmp_path):
    import subprocess

    for d in ("p", "q", "r"):
        write(tmp_path / d / "Dockerfile", BAD)
        write(tmp_path / d / "Dockerfile.dev", BAD)
    write(tmp_path / "r" / ".testignore", b"keep\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    r = _side(tmp_path, "--diff", ".")
    out = r.stdout.decode()
    assert r.returncode == 1, r.stderr
    assert "diff --git a/p/.testignore b/p/.testignore\nnew file mode 100644\n--- /dev/null\n+++ b/p/.testignore\n" in out
    assert out.count("+++ b/p/.testignore") == 1  # the second Dockerfile of p/ sees the pending file
    assert "--- a/r/.testignore\n+++ b/r/.testignore\n" in out and "+secret" in out
    (tmp_path / "p.diff").write_bytes(r.stdout)
    subprocess.run(["git", "apply", "--check", "p.diff"], cwd=tmp_path, check=True)
    rows = json.loads(_side(tmp_path, "--format", "json", "p/Dockerfile").stdout)
    [side] = [x for x in rows if x["name"] == "test-side"]
    assert side["fix"]["edits"] == [] and side["fix"]["files"][0]["content"] == "secret\n"
    sarif_of(_side(tmp_path, "--format", "sarif", "."))  # a fix without edits: no SARIF fix, still valid
    r = _side(tmp_path, "--fix", "--jobs", "3", ".")
    assert r.returncode == 0, r.stderr
    assert b"note:" not in r.stderr and b"error" not in r.stderr
    assert (tmp_path / "p" / ".testignore").read_bytes() == b"secret\n"
    assert (tmp_path / "r" / ".testignore").read_bytes() == b"keep\nsecret\n"
    assert _side(tmp_path, "--check", ".").returncode == 0
