"""The worker pool (dockfix.app.runner.run) gives what one process gives, also
when an earlier file's fix changed a side file a later file reads."""

from __future__ import annotations

from pathlib import Path

from dockfix.app import runner

COPY_ALL = "FROM python:3.12\nCOPY . .\nCMD [\"python\", \"app.py\"]\n"


def _context(root: Path, n: int) -> list[runner.Job]:
    (root / ".git").mkdir()
    (root / ".env").write_text("TOKEN=x\n")
    (root / "app.py").write_text("print(1)\n")
    # one shared .dockerignore (without it, each Dockerfile of the folder gets its own)
    (root / ".dockerignore").write_text("*.log\n")
    (root / "target").mkdir()
    names = [f"Dockerfile.{k}" for k in range(n)]
    for k, name in enumerate(names):
        # the later files build target/ anew, so they exclude it too: each extends the shared file
        (root / name).write_text(COPY_ALL + ("RUN mvn -q package\n" if k else ""))
    cli = {"select": ("dockerignore",), "unsafe_fixes": True}
    return [runner.Job(str(root / name), str(root / name), "diff", cli=cli) for name in names]


def _facts(outs: list[runner.Outcome]) -> list[tuple]:
    return [(o.display, o.output, o.side_files, o.side_originals, [f.message for f in o.applied],
             [f.message for f in o.remaining], o.errors) for o in outs]


def test_later_files_see_side_files_earlier_files_changed(tmp_path: Path) -> None:
    jobs = _context(tmp_path, 6)
    seq = list(runner.run(jobs, 1))
    par = list(runner.run(jobs, 2))
    assert _facts(par) == _facts(seq)
    ignore = str(tmp_path / ".dockerignore")
    first, second = seq[0].side_files[ignore], seq[1].side_files[ignore]
    assert seq[0].side_originals[ignore] == "*.log\n"  # the first file extends it
    assert second.startswith(first) and second != first  # the second extends what the first wrote
    assert seq[1].side_originals[ignore] == first


def test_pool_outcomes_record_side_file_lookups(tmp_path: Path) -> None:
    jobs = _context(tmp_path, 2)
    [(_, out)] = runner._remote([(0, jobs[0])])
    assert str(tmp_path / ".dockerignore") in out.side_reads
    assert "side_reads" not in runner._SHARED
