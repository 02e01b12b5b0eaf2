import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("DOCKFIX_CORPUS", ROOT.parent / "shared" / "corpus"))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected output and findings of golden cases")


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")


def corpus_files():
    base = CORPUS / "files"
    if not base.is_dir():
        return []
    out = []
    for root, _, files in os.walk(base):
        for f in files:
            out.append(Path(root) / f)
    return sorted(out)


@pytest.fixture
def run_cli(tmp_path):
    """Run the dockfix CLI in a subprocess; returns CompletedProcess (bytes)."""
    import subprocess

    def run(*args, input=None, cwd=None, env=None):
        e = dict(os.environ)
        e.pop("NO_COLOR", None)
        if env:
            e.update(env)
        return subprocess.run([sys.executable, "-m", "dockfix", *map(str, args)], input=input,
                              capture_output=True, cwd=cwd or tmp_path, env=e, timeout=120)

    return run
