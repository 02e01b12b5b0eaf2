"""Configuration files that are broken or hostile: every problem is ``path:line:col: error:``
and exit 2, never a traceback, and never silently accepted."""

import pytest

BAD = b"FROM alpine\nMAINTAINER Jane <j@x>\nRUN true\n"


def run_with(tmp_path, run_cli, name: str, config: bytes, *args):
    (tmp_path / "Dockerfile").write_bytes(BAD)
    (tmp_path / name).write_bytes(config)
    r = run_cli(*args, "Dockerfile")
    assert b"Traceback" not in r.stderr, r.stderr.decode(errors="replace")
    return r


@pytest.mark.parametrize("name, config, where, message", [
    (".dockfix.toml", b'ignore = []\nselect = ["\xff"]\n', "2:12", "invalid TOML: not UTF-8 (byte 0xff)"),
    ("pyproject.toml", b'[tool.dockfix]\nselect = ["\xfe"]\n', "2:12", "invalid TOML: not UTF-8 (byte 0xfe)"),
    (".dockfix.toml", b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", "1:1", "nested too deeply"),
    (".dockfix.toml", b"x = " + b"{a=" * 3000 + b"1" + b"}" * 3000 + b"\n", "1:1", "nested too deeply"),
    (".dockfix.toml", b"a" + b".a" * 3000 + b" = 1\n", "1:1", "unknown option 'a'"),
    (".dockfix.toml", b'select = ["typo"]\n', "1:1", "unknown transform 'typo' in 'select'"),
    (".dockfix.toml", b'ignore = ["DL3009"]\nextend-select = ["pin-digets"]\n', "2:1",
     "unknown transform 'pin-digets' in 'extend-select'"),
    (".dockfix.toml", b'ignore = "apt-get-yes, nope"\n', "1:1", "unknown transform 'nope' in 'ignore'"),
    (".dockfix.toml", b'[per-file-ignores]\n"a/*" = ["apt-get-yes"]\n"b/*" = ["nope"]\n', "3:1",
     "unknown transform 'nope' in per-file-ignores 'b/*'"),
    ("pyproject.toml", b'[tool.dockfix.per-file-ignores]\n"b/*" = ["nope"]\n', "2:1",
     "unknown transform 'nope' in per-file-ignores 'b/*'"),
    (".dockfix.toml", b'select = ["maintainer-to-label"]\nno-such-key = true\n', "2:1", "unknown option 'no-such-key'"),
    ("pyproject.toml", b'[tool.dockfix]\nunsafe_fixes = true\nfrobnicate = 1\n', "3:1", "unknown option 'frobnicate'"),
])
def test_bad_configuration_is_an_error_with_a_place(tmp_path, run_cli, name, config, where, message):
    r = run_with(tmp_path, run_cli, name, config)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert f"{name}:{where}: error: " in err and message in err, err
    assert "All checks passed" not in r.stdout.decode()


def test_same_typo_in_config_and_on_the_command_line_are_both_exit_2(tmp_path, run_cli):
    (tmp_path / "Dockerfile").write_bytes(BAD)
    assert run_cli("--select", "typo", "Dockerfile").returncode == 2
    r = run_with(tmp_path, run_cli, ".dockfix.toml", b'select = ["typo"]\n')
    assert r.returncode == 2  # not exit 0 with every check off


def test_codes_and_all_are_names_too(tmp_path, run_cli):
    r = run_with(tmp_path, run_cli, ".dockfix.toml", b'select = ["ALL"]\nignore = ["DL3009", "DF001"]\n')
    assert r.returncode in (0, 1), r.stderr.decode()


def test_a_bad_configuration_does_not_stop_the_run(tmp_path, run_cli):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / ".dockfix.toml").write_bytes(b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n")
    (tmp_path / "bad" / "Dockerfile").write_bytes(BAD)
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "Dockerfile").write_bytes(BAD)
    r = run_cli("--select", "maintainer-to-label", "bad", "good")
    assert r.returncode == 2
    assert b"Traceback" not in r.stderr
    assert "good/Dockerfile:2:1: maintainer-to-label" in r.stdout.decode()


def test_fifo_configuration_does_not_hang(tmp_path, run_cli):
    import os

    (tmp_path / "Dockerfile").write_bytes(BAD)
    os.mkfifo(tmp_path / ".dockfix.toml")
    r = run_cli("Dockerfile")
    assert r.returncode == 2
    assert ".dockfix.toml:1:1: error: skipped: a FIFO, not a regular file" in r.stderr.decode()
