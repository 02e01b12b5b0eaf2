"""copy-order-for-cache: Copy dependency manifests and install before copying the whole source."""

from __future__ import annotations

from pathlib import Path

from fixcase import golden_case, refused_of, result, write_context

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import fix_text
from dockfix.syntax.cst import decode


def test_copy_order_rm_in_destination_is_not_moved_before_the_copy(tmp_path):
    # the rm ran after `COPY . /app`; moved before it, the COPY brings tests/ back
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n"
            "RUN pip install -r requirements.txt && rm -rf /app/tests\nCMD [\"python\", \"app.py\"]\n")
    df = write_context(tmp_path, text, {"requirements.txt": "flask\n", "tests/t.py": "", "app.py": ""})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("rm" in r for r in refused_of(res))


def test_copy_order_rm_elsewhere_still_fixed(tmp_path):
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n"
            "RUN pip install -r requirements.txt && rm -rf /root/.cache 2>/dev/null\nCMD [\"python\", \"app.py\"]\n")
    df = write_context(tmp_path, text, {"requirements.txt": "flask\n", "app.py": ""})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert "COPY requirements.txt /app/\nRUN pip install" in res.output


def test_copy_order_redirect_into_destination_is_not_moved(tmp_path):
    # settings.env written after the COPY would be overwritten by the moved COPY
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n"
            "RUN pip install -r requirements.txt; echo DEBUG=0 > settings.env\n")
    df = write_context(tmp_path, text, {"requirements.txt": "flask\n", "settings.env": "DEBUG=1\n"})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("settings.env" in r for r in refused_of(res))


def test_copy_order_git_reading_the_source_is_not_moved(tmp_path):
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n"
            "RUN pip install -r requirements.txt && git rev-parse HEAD\n")
    df = write_context(tmp_path, text, {"requirements.txt": "flask\n"})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("git rev-parse" in r for r in refused_of(res))


def test_copy_order_requirements_with_local_find_links(tmp_path):
    # `--find-links wheels` inside requirements.txt needs the wheels/ folder of the source
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install -r requirements.txt\n"
    df = write_context(tmp_path, text, {"requirements.txt": "--find-links wheels\nmypkg==1.0\n", "wheels/x": ""})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("local folder" in r for r in refused_of(res))


def test_copy_order_requirements_with_a_relative_wheel_path(tmp_path):
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install -r requirements.txt\n"
    df = write_context(tmp_path, text, {"requirements.txt": "flask\nwheels/mypkg-1.0-py3-none-any.whl\n"})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("local path" in r for r in refused_of(res))


def test_copy_order_requirements_with_urls_still_fixed(tmp_path):
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install -r requirements.txt\n"
    df = write_context(tmp_path, text, {"requirements.txt": "--find-links https://x.example/w/\n"
                               "pkg @ https://x.example/p-1.0.tar.gz\nflask; python_version >= '3.8'\n"})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert "COPY requirements.txt /app/\nRUN pip install" in res.output


def test_copy_order_symlink_to_a_source_file_still_fixed(tmp_path):
    # the link points into /app; the COPY moved after it fills in the target
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n"
            "RUN pip install -r requirements.txt && ln -s /app/bin/tool /usr/local/bin/tool\n")
    df = write_context(tmp_path, text, {"requirements.txt": "flask\n"})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert "COPY requirements.txt /app/\nRUN pip install" in res.output


def test_copy_order_pnpm_workspace_needs_the_packages(tmp_path):
    # pnpm workspaces are declared in pnpm-workspace.yaml, not in package.json
    text = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile --ignore-scripts\n"
    df = write_context(tmp_path, text, {"package.json": '{"name": "root"}', "pnpm-lock.yaml": "",
                               "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
                               "packages/a/package.json": '{"name": "a"}'})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("pnpm-workspace.yaml" in r for r in refused_of(res))


ROOT = Path(__file__).resolve().parents[2]


def test_copy_order_safe_only_when_named_and_nothing_moves():
    # pip -r named in the command, RUN right after the COPY, file checked in the context: SAFE
    c = golden_case("copy-order-for-cache", "pip-safe")
    res = fix_text(decode(c.input), str(c.path), Settings(select=("copy-order-for-cache",), context=str(c.context)))
    assert res.changed and [f.fix.applicability.label for f in res.applied] == ["safe"]
    # npm: manifests not named in the command, an ENV moves: UNSAFE
    c = golden_case("copy-order-for-cache", "npm-ci")
    res = fix_text(decode(c.input), str(c.path), Settings(select=("copy-order-for-cache",), context=str(c.context)))
    assert not res.changed
    res = fix_text(decode(c.input), str(c.path), Settings(select=("copy-order-for-cache",), context=str(c.context), unsafe_fixes=True))
    assert res.changed and "package-lock.json" in res.output


def test_copy_order_dockerignore_matcher():
    import re as _re

    from dockfix.transforms.structure.copy_order_for_cache import _glob_re, _ignored

    pats = [(False, _re.compile(_glob_re("*.json"))), (True, _re.compile(_glob_re("package.json")))]
    assert _ignored(pats, "package-lock.json")
    assert not _ignored(pats, "package.json")
    assert not _ignored(pats, "sub/x.json")  # patterns are anchored at the context root
    assert _ignored([(False, _re.compile(_glob_re("**/*.lock")))], "a/b/yarn.lock")
    assert _ignored([(False, _re.compile(_glob_re("vendor")))], "vendor/x/composer.json")


# -- issue 15: RUNs between that read nothing of the copied tree -------------------------------------

_APT = "RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\n"


def test_copy_order_moves_the_source_past_an_apt_run(tmp_path):
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n" + _APT +
            "RUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n")
    df = write_context(tmp_path, text, {"requirements.txt": "flask\n", "app.py": ""})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == ("FROM python:3.12-slim\nWORKDIR /app\n" + _APT +
                          "COPY requirements.txt ./\nRUN pip install -r requirements.txt\nCOPY . .\n"
                          "CMD [\"python\", \"app.py\"]\n")


def test_copy_order_refuses_when_a_run_between_reads_the_copied_tree(tmp_path):
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN chmod +x scripts/setup.sh && scripts/setup.sh\n"
            "RUN pip install -r requirements.txt\n")
    df = write_context(tmp_path, text, {"requirements.txt": "flask\n", "scripts/setup.sh": ""})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("may need the source" in r for r in refused_of(res))
    # a .deb from the source is read from the tree too
    text2 = ("FROM debian:bookworm\nWORKDIR /app\nCOPY . .\nRUN apt-get install -y ./vendor/x.deb\n"
             "RUN pip install -r requirements.txt\n")
    df = write_context(tmp_path, text2, {"requirements.txt": "flask\n"})
    assert result(text2, "copy-order-for-cache", context=tmp_path, path=str(df)).output == text2


def test_copy_order_is_not_blocked_by_merge_run(tmp_path):
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n" + _APT +
            "RUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n")
    df = write_context(tmp_path, text, {"requirements.txt": "flask\n", "app.py": ""})
    out = result(text, ("copy-order-for-cache", "merge-run"), context=tmp_path, path=str(df)).output
    assert out.index("COPY requirements.txt ./") < out.index("pip install") < out.index("COPY . .")
    assert out.index("apt-get install") < out.index("COPY requirements.txt")
