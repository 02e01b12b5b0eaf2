"""Typed options: unknown names and wrong types are usage errors, explain lists them,
and every option the code reads is declared."""

import json
import re
from pathlib import Path

import pytest

from dockfix.fixing import registry
from dockfix.fixing.config import ConfigError, ConfigFinder, Settings
from dockfix.fixing.context import Context
from dockfix.fixing.options import GLOBAL_OPTIONS, Option, OptionError
from dockfix.syntax.cst import parse

ROOT = Path(__file__).resolve().parent.parent
NEEDS_USER = b'FROM debian:12\nWORKDIR /srv\nCOPY x .\nCMD ["x"]\n'
SEL = ("--select", "non-root-user", "--unsafe-fixes")


@pytest.fixture
def dockerfile(tmp_path):
    (tmp_path / "Dockerfile").write_bytes(NEEDS_USER)
    return tmp_path / "Dockerfile"


# -- the command line ---------------------------------------------------------------------------

def test_unknown_option_on_the_command_line_is_a_usage_error(dockerfile, run_cli):
    r = run_cli(*SEL, "--option", "user-uidd=5", "--diff", "Dockerfile")
    assert r.returncode == 2
    assert "error: unknown option 'user-uidd' (did you mean 'user-uid'?)" in r.stderr.decode()
    assert r.stdout == b""  # nothing was processed
    r = run_cli(*SEL, "--option", "zzzzzz=1", "Dockerfile")
    assert r.returncode == 2 and "error: unknown option 'zzzzzz'" in r.stderr.decode()
    assert "did you mean" not in r.stderr.decode()


@pytest.mark.parametrize("pair,expect", [
    ("user-uid=abc", "option 'user-uid' takes a whole number, got 'abc'"),
    ("user-by-name=maybe", "option 'user-by-name' takes true or false, got 'maybe'"),
    ("pin-ttl=soon", "option 'pin-ttl' takes a number, got 'soon'"),
    ("pin-concurrency=2.5", "option 'pin-concurrency' takes a whole number"),
])
def test_wrong_type_on_the_command_line_is_a_usage_error(dockerfile, run_cli, pair, expect):
    r = run_cli(*SEL, "--option", pair, "Dockerfile")
    assert r.returncode == 2 and expect in r.stderr.decode(), r.stderr


def test_typed_values_are_accepted_and_used(dockerfile, run_cli):
    r = run_cli(*SEL, "--option", "user-uid=4242", "--option", "user-by-name=yes", "--option", "pin-ttl=60.5",
                "--option", "registry-mirrors=a.example,b.example", "--diff", "Dockerfile")
    assert r.returncode == 1, r.stderr
    assert "USER 4242:4242" in r.stdout.decode()


def test_subcommands_reject_unknown_options(dockerfile, run_cli):
    r = run_cli("verify", "--option", "user-uidd=5", "Dockerfile")
    assert r.returncode == 2 and "unknown option 'user-uidd' (did you mean 'user-uid'?)" in r.stderr.decode()


# -- configuration files ------------------------------------------------------------------------

def test_unknown_option_in_dockfix_toml(tmp_path, dockerfile, run_cli):
    (tmp_path / ".dockfix.toml").write_text('select = ["non-root-user"]\n\n  user-uidd = 5\n')
    r = run_cli("Dockerfile")
    assert r.returncode == 2
    err = r.stderr.decode()
    assert ".dockfix.toml:3:3: error: unknown option 'user-uidd' (did you mean 'user-uid'?)" in err


def test_unknown_option_in_pyproject_is_found_in_the_dockfix_table(tmp_path, dockerfile, run_cli):
    # `name` of [project] is not the dockfix key; the underscore spelling is the same option
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.dockfix]\nselect = ["ALL"]\n'
                                             'name = 1\n')
    r = run_cli("Dockerfile")
    assert r.returncode == 2 and "pyproject.toml:6:1: error: unknown option 'name'" in r.stderr.decode()
    (tmp_path / "pyproject.toml").write_text('[tool.dockfix]\nuser_by_name = "perhaps"\n')
    r = run_cli("Dockerfile")
    assert r.returncode == 2
    assert "pyproject.toml:2:1: error: option 'user-by-name' takes true or false, got 'perhaps'" in r.stderr.decode()


@pytest.mark.parametrize("line,message", [
    ('scan-image = 5', "option 'scan-image' takes a string, got 5"),
    ('user-uid = true', "option 'user-uid' takes a whole number, got True"),
    ('trusted-images = [1, 2]', "option 'trusted-images' takes a list of strings"),
    ('pin-cache = "nope"', "option 'pin-cache' takes true or false"),
])
def test_wrong_type_in_config(tmp_path, line, message):
    (tmp_path / ".dockfix.toml").write_text(f'ignore = []\n{line}\n')
    with pytest.raises(ConfigError) as e:
        ConfigFinder().for_file(str(tmp_path / "Dockerfile"))
    assert message in e.value.message and (e.value.line, e.value.col) == (2, 1)


def test_key_not_found_falls_back_to_line_one(tmp_path):
    # an option set through a dotted key is not located: line 1, column 1
    (tmp_path / ".dockfix.toml").write_text('ignore = []\ntool.dockfix.bogus-opt = 1\n')
    with pytest.raises(ConfigError) as e:
        ConfigFinder().for_file(str(tmp_path / "Dockerfile"))
    assert "unknown option 'bogus-opt'" in e.value.message and (e.value.line, e.value.col) == (1, 1)


def test_valid_config_options_are_kept_as_written(tmp_path):
    (tmp_path / ".dockfix.toml").write_text('user-uid = 2000\ntrusted-images = ["myorg/*"]\npin = true\n')
    s = ConfigFinder().for_file(str(tmp_path / "Dockerfile"))
    assert s.options == {"user-uid": 2000, "trusted-images": ["myorg/*"], "pin": True}


# -- explain and --list -------------------------------------------------------------------------

def test_explain_lists_options(run_cli):
    out = run_cli("explain", "non-root-user").stdout.decode()
    section = out[out.index("Options"):]
    assert re.search(r"user-uid\s+int\s+default 10001\s+uid of the app account", section)
    assert re.search(r"user-by-name\s+bool\s+default false\s+allow USER", section)
    out = run_cli("explain", "maintainer-to-label").stdout.decode()
    assert "Options" not in out  # it has none


def test_list_json_has_options(run_cli):
    rows = json.loads(run_cli("--list", "--format", "json").stdout)
    row = next(x for x in rows if x["name"] == "scan-stage")
    assert {"name": "scan-severity", "type": "str", "default": "HIGH,CRITICAL",
            "help": "the severities that fail the scan"} in row["options"]


# -- the typed accessor -------------------------------------------------------------------------

def test_ctx_option_reads_typed_values_with_defaults():
    t = registry.load_all()["non-root-user"]
    ctx = Context(parse("FROM debian:12\n"), None, Settings(options={"user-uid": "42", "pin": "on"}))
    assert ctx.option(t, "user-uid") == 42
    assert ctx.option(t, "user-by-name") is False  # default
    assert ctx.option(t, "pin") is True  # a global option
    assert ctx.option(t, "pin-ttl") == 6 * 3600.0
    with pytest.raises(KeyError):
        ctx.option(t, "scan-image")  # another transform's option
    with pytest.raises(OptionError):
        Context(parse("FROM x\n"), None, Settings(options={"user-uid": "x"})).option(t, "user-uid")


def test_list_option_accepts_comma_separated_or_toml_list():
    o = Option("l", list, [])
    assert o.read(" a, b,,c ") == ["a", "b", "c"] and o.read(["a", " b"]) == ["a", "b"] and o.read(None) == []


# -- every option read is declared --------------------------------------------------------------

# how code reads an option: options.get("x"), or NAME.get("x") where the file says
# ``NAME = <...>.options`` (``o = self._options``, ``opts = settings.options``); ctx.option(self, "x");
# _option_id(ctx.options, "x", ...); options["x"] = ... (the flags that set them)
_ALIAS = re.compile(r"\b(\w+)\s*=\s*(?:[\w.]+\.)?_?options\b(?!\s*\()")
_READS = [
    re.compile(r"\.option\(\s*\w+\s*,\s*\"([^\"]+)\""),
    re.compile(r"_option_id\([^,]+,\s*\"([^\"]+)\""),
    re.compile(r"\b_?options\[\s*\"([^\"]+)\"\s*\]"),
]


def _options_read_in_source() -> dict[str, str]:
    found: dict[str, str] = {}
    for base in ("dockfix", "transforms"):
        for p in sorted((ROOT / base).rglob("*.py")):
            text = p.read_text()
            names = {"options", "_options"} | set(_ALIAS.findall(text))
            get = re.compile(r"\b(?:" + "|".join(sorted(names)) + r")\.get\(\s*\"([^\"]+)\"")
            for rx in (*_READS, get):
                for m in rx.finditer(text):
                    found.setdefault(m.group(1), str(p.relative_to(ROOT)))
    return found


def test_every_option_read_is_declared():
    read = _options_read_in_source()
    assert len(read) >= 15, read  # the grep itself works
    known = registry.known_options()
    undeclared = {k: v for k, v in read.items() if k not in known}
    assert not undeclared, f"options read but not declared (add an Option): {undeclared}"
    unread = set(known) - set(read)
    assert not unread, f"options declared but never read: {unread}"


def test_declarations_are_consistent():
    seen: dict[str, Option] = {o.name: o for o in GLOBAL_OPTIONS}
    for t in registry.load_all().values():
        for o in t.options:
            assert o.help and o.type in (bool, int, float, str, list), (t.name, o)
            if o.default is not None:
                assert o.read(o.default) == o.default, (t.name, o)  # the default has the declared type
            other = seen.setdefault(o.name, o)
            assert other == o, f"option {o.name!r} declared twice differently"
