"""`dockfix pr` on real git repositories (with a bare local remote), plus the
GitHub Action and pre-commit hook manifests.

Most tests run the bot in-process with four small test transforms (selected
with --select, so the project's real transforms do not change the results);
a few run the real CLI in a subprocess.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from test_forge import TOKEN, FakeAPI

from dockfix.fixing import registry
from dockfix.fixing.edit import Edit, Fix
from dockfix.fixing.registry import Transform
from dockfix.pr import bot

ROOT = Path(__file__).resolve().parent.parent


# -- test transforms: replace a marker comment ---------------------------------


def _marker(transform, ctx, marker, new, kind):
    text = ctx.doc.text
    i = text.find(marker)
    while i >= 0:
        ins = ctx.instruction_at(i)
        if kind == "refuse":
            yield ctx.finding(transform, (i, i + len(marker)), f"found {marker}", refused="the test says no", instruction=ins)
        else:
            fix = Fix([Edit(i, i + len(marker), new)], kind, message=f"{marker} -> {new}")
            yield ctx.finding(transform, (i, i + len(marker)), f"found {marker}", fix=fix, instruction=ins)
        i = text.find(marker, i + 1)


class MarkA(Transform, register=False):
    name = "bot-test-a"
    code = "DF981"
    summary = "Turn todo-a into done-a"
    hadolint = ("DL3999",)
    links = ("https://docs.docker.com/build/building/best-practices/",)
    explanation = "What: a.\n\nWhy: because A matters.\n\nExample: x\n\nFix safety: safe, it is a comment."

    def check(self, ctx):
        yield from _marker(self, ctx, "todo-a", "done-a", 2)


class MarkB(Transform, register=False):
    name = "bot-test-b"
    code = "DF982"
    summary = "Turn todo-b into done-b"
    explanation = "What: b.\n\nWhy: because B matters.\n\nFix safety: safe."

    def check(self, ctx):
        yield from _marker(self, ctx, "todo-b", "done-b", 2)


class MarkUnsafe(Transform, register=False):
    name = "bot-test-unsafe"
    code = "DF983"
    summary = "Turn todo-u into done-u"
    explanation = "What: u.\n\nWhy: because U.\n\nFix safety: unsafe."

    def check(self, ctx):
        yield from _marker(self, ctx, "todo-u", "done-u", 1)


class MarkRefuse(Transform, register=False):
    name = "bot-test-refuse"
    code = "DF984"
    summary = "Refuse todo-r"
    explanation = "What: r."

    def check(self, ctx):
        yield from _marker(self, ctx, "todo-r", "", "refuse")


TEST_TRANSFORMS = (MarkA, MarkB, MarkUnsafe, MarkRefuse)
SELECT = ["--select", ",".join(t.name for t in TEST_TRANSFORMS)]


@pytest.fixture(autouse=True)
def test_transforms(monkeypatch):
    registry.load_all()
    for t in TEST_TRANSFORMS:
        monkeypatch.setitem(registry._REGISTRY, t.name, t)


# -- git helpers ----------------------------------------------------------------


def git(cwd, *args, check=True) -> str:
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {r.stderr}")
    return r.stdout.strip()


DOCKERFILE = "# todo-a\nFROM alpine:3.19\n# todo-b and todo-u\nRUN echo hi\n# todo-r\n"
SUB = "FROM debian:12\r\n# todo-a todo-a\r\nCMD [\"x\"]"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for k in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GITHUB_REPOSITORY", "CI_PROJECT_PATH", "GITHUB_API_URL"):
        monkeypatch.delenv(k, raising=False)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    r = tmp_path / "work"
    git(tmp_path, "init", "-q", "-b", "main", str(r))
    git(r, "config", "user.name", "Repo Owner")
    git(r, "config", "user.email", "owner@example.com")
    (r / "Dockerfile").write_text(DOCKERFILE)
    (r / "sub").mkdir()
    (r / "sub" / "Containerfile").write_bytes(SUB.encode())
    (r / "README.md").write_text("todo-a but not a Dockerfile\n")
    git(r, "add", ".")
    git(r, "commit", "-qm", "init")
    git(r, "remote", "add", "origin", str(remote))
    git(r, "push", "-q", "origin", "main")
    return r


def snapshot(r: Path) -> dict:
    """Everything the user can see: status, index, HEAD, refs, work tree bytes."""
    files = {}
    for dirpath, dirnames, filenames in os.walk(r):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for f in filenames:
            p = Path(dirpath) / f
            files[str(p.relative_to(r))] = p.read_bytes()
    return {
        "status": git(r, "status", "--porcelain=v1", "--untracked-files=all"),
        "index": git(r, "ls-files", "-s", "--debug"),
        "head": (r / ".git" / "HEAD").read_text(),
        "head_sha": git(r, "rev-parse", "HEAD"),
        "files": files,
    }


def pr(r: Path, *args: str, capsys=None) -> tuple[int, str, str]:
    rc = bot.main(["-C", str(r), *args])
    if capsys is not None:
        o = capsys.readouterr()
        return rc, o.out, o.err
    return rc, "", ""


def show(r: Path, ref: str, path: str) -> bytes:
    return subprocess.run(["git", "show", f"{ref}:{path}"], cwd=r, capture_output=True, check=True).stdout


# -- the branch -----------------------------------------------------------------


def test_one_commit_per_transform_from_head(repo, capsys):
    rc, out, err = pr(repo, *SELECT, capsys=capsys)
    assert rc == 0, err
    assert "branch dockfix/fixes created" in out
    log = git(repo, "log", "--format=%s|%an <%ae>|%cn", "main..dockfix/fixes").splitlines()
    # fixed order (by code), newest first; unsafe and refused produce no commit
    assert log == [
        "fix(docker): turn todo-b into done-b|Repo Owner <owner@example.com>|Repo Owner",
        "fix(docker): turn todo-a into done-a|Repo Owner <owner@example.com>|Repo Owner",
    ]
    assert git(repo, "rev-parse", "dockfix/fixes~2") == git(repo, "rev-parse", "main")
    assert show(repo, "dockfix/fixes~1", "Dockerfile") == DOCKERFILE.replace("todo-a", "done-a").encode()
    assert show(repo, "dockfix/fixes", "Dockerfile") == DOCKERFILE.replace("todo-a", "done-a").replace("todo-b", "done-b").encode()
    # CRLF, missing final newline: only the edited bytes change
    assert show(repo, "dockfix/fixes", "sub/Containerfile") == SUB.replace("todo-a", "done-a").encode()
    assert show(repo, "dockfix/fixes", "README.md") == b"todo-a but not a Dockerfile\n"
    body = git(repo, "log", "-1", "--format=%b", "dockfix/fixes~1")
    assert "- Dockerfile: 1 fix" in body and "- sub/Containerfile: 2 fixes" in body


def test_unsafe_fixes_add_a_commit(repo, capsys):
    rc, out, err = pr(repo, *SELECT, "--unsafe-fixes", "--dry-run", capsys=capsys)
    assert rc == 0
    assert "fixes are marked **unsafe**" in out
    rc, out, err = pr(repo, *SELECT, "--unsafe-fixes", capsys=capsys)
    assert rc == 0
    subjects = git(repo, "log", "--format=%s", "main..dockfix/fixes").splitlines()
    assert subjects[0] == "fix(docker): turn todo-u into done-u" and len(subjects) == 3
    assert b"done-u" in show(repo, "dockfix/fixes", "Dockerfile")


def test_dirty_work_tree_index_and_branch_are_left_alone(repo, capsys):
    (repo / "Dockerfile").write_text(DOCKERFILE + "# local todo-b edit\n")  # unstaged
    (repo / "sub" / "Containerfile").write_bytes(b"FROM scratch\n# todo-a staged\n")
    git(repo, "add", "sub/Containerfile")  # staged
    (repo / "new.Dockerfile").write_text("FROM x\n# todo-a untracked\n")  # untracked
    before = snapshot(repo)
    rc, out, err = pr(repo, *SELECT, capsys=capsys)
    assert rc == 0, err
    assert snapshot(repo) == before
    # fixes come from HEAD, not from the dirty files
    assert show(repo, "dockfix/fixes", "Dockerfile") == DOCKERFILE.replace("todo-a", "done-a").replace("todo-b", "done-b").encode()
    assert show(repo, "dockfix/fixes", "sub/Containerfile") == SUB.replace("todo-a", "done-a").encode()
    assert "new.Dockerfile" not in git(repo, "ls-tree", "-r", "--name-only", "dockfix/fixes")


def test_detached_head(repo, capsys):
    (repo / "Dockerfile").write_text(DOCKERFILE + "# todo-b again\n")
    git(repo, "commit", "-qam", "second")
    git(repo, "checkout", "-q", "--detach", "HEAD~1")
    before = snapshot(repo)
    rc, out, err = pr(repo, *SELECT, capsys=capsys)
    assert rc == 0, err
    assert snapshot(repo) == before
    assert git(repo, "rev-parse", "dockfix/fixes~2") == before["head_sha"]
    assert b"todo-b again" not in show(repo, "dockfix/fixes", "Dockerfile")
    assert git(repo, "symbolic-ref", "-q", "HEAD", check=False) == ""


def test_no_dockerfiles(tmp_path, repo, capsys):
    git(repo, "rm", "-q", "Dockerfile", "sub/Containerfile")
    git(repo, "commit", "-qm", "no dockerfiles")
    rc, out, err = pr(repo, *SELECT, "--push", capsys=capsys)
    assert rc == 0
    assert "nothing to fix in 0 Dockerfiles; no branch created" in out
    assert git(repo, "branch", "--list", "dockfix/*") == ""
    assert git(repo, "ls-remote", "origin", "refs/heads/dockfix/fixes") == ""


def test_nothing_to_fix_reports_what_is_left(repo, capsys):
    rc, out, err = pr(repo, "--select", "bot-test-refuse", capsys=capsys)
    assert rc == 0
    assert "nothing to fix in 2 Dockerfiles (1 finding left" in out
    assert git(repo, "branch", "--list", "dockfix/*") == ""


def test_second_run_updates_the_branch_in_place(repo, capsys):
    rc, out, _ = pr(repo, *SELECT, "--push", capsys=capsys)
    assert rc == 0 and "pushed dockfix/fixes to origin: created" in out
    first = git(repo, "rev-parse", "dockfix/fixes")
    assert git(repo, "ls-remote", "origin", "refs/heads/dockfix/fixes").split()[0] == first
    # same HEAD, same result: nothing moves, nothing is pushed
    rc, out, _ = pr(repo, *SELECT, "--push", capsys=capsys)
    assert rc == 0 and "already up to date" in out and "origin: up to date" in out
    assert git(repo, "rev-parse", "dockfix/fixes") == first
    # new commit upstream: the branch is rebuilt on it and force-pushed (with lease)
    (repo / "Dockerfile.dev").write_text("FROM alpine\n# todo-b\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "dev image")
    rc, out, _ = pr(repo, *SELECT, "--push", capsys=capsys)
    assert rc == 0 and "branch dockfix/fixes updated" in out and "origin: updated" in out
    second = git(repo, "rev-parse", "dockfix/fixes")
    assert second != first
    assert git(repo, "ls-remote", "origin", "refs/heads/dockfix/*").split() == [second, "refs/heads/dockfix/fixes"]
    assert git(repo, "rev-parse", "dockfix/fixes~2") == git(repo, "rev-parse", "main")
    assert show(repo, "dockfix/fixes", "Dockerfile.dev") == b"FROM alpine\n# done-b\n"


def test_refuses_to_move_the_current_branch(repo, capsys):
    git(repo, "checkout", "-q", "-b", "dockfix/fixes")
    rc, out, err = pr(repo, *SELECT, capsys=capsys)
    assert rc == 2 and "is the current branch" in err
    assert git(repo, "rev-parse", "dockfix/fixes") == git(repo, "rev-parse", "main")


def test_not_a_git_repository(tmp_path, capsys):
    d = tmp_path / "plain"
    d.mkdir()
    (d / "Dockerfile").write_text("FROM a\n")
    rc = bot.main(["-C", str(d)])
    assert rc == 2
    assert "dockfix pr: error: not inside a git work tree" in capsys.readouterr().err


def test_author_option_and_bad_author(repo, capsys):
    rc, _, _ = pr(repo, *SELECT, "--author", "Fix Bot <bot@example.org>", capsys=capsys)
    assert rc == 0
    assert git(repo, "log", "-1", "--format=%an <%ae>|%cn <%ce>", "dockfix/fixes") == \
        "Fix Bot <bot@example.org>|Fix Bot <bot@example.org>"
    rc, _, err = pr(repo, *SELECT, "--author", "nobody", capsys=capsys)
    assert rc == 2 and "--author must look like" in err


def test_unparsable_dockerfile_is_reported_and_skipped(repo, capsys):
    (repo / "broken.Dockerfile").write_text("FROM a\n# todo-a\nRUN <<EOF\necho\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "broken")
    rc, out, err = pr(repo, *SELECT, capsys=capsys)
    assert rc == 2
    assert re.search(r"^broken\.Dockerfile:3:\d+: error: unterminated heredoc$", err, re.M)
    assert "Traceback" not in err
    assert show(repo, "dockfix/fixes", "broken.Dockerfile") == b"FROM a\n# todo-a\nRUN <<EOF\necho\n"
    assert b"done-a" in show(repo, "dockfix/fixes", "Dockerfile")


def test_paths_limit_the_files(repo, capsys):
    rc, out, err = pr(repo, *SELECT, "sub", capsys=capsys)
    assert rc == 0, err
    assert git(repo, "diff", "--name-only", "main", "dockfix/fixes") == "sub/Containerfile"


def test_config_comes_from_head(repo, capsys):
    (repo / ".dockfix.toml").write_text('ignore = ["bot-test-b"]\n')
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "config")
    (repo / ".dockfix.toml").write_text('ignore = ["bot-test-a"]\n')  # dirty, must not count
    rc, out, err = pr(repo, "--extend-select", "bot-test-a,bot-test-b", capsys=capsys)
    assert rc == 0, err
    subjects = git(repo, "log", "--format=%s", "main..dockfix/fixes").splitlines()
    assert subjects == ["fix(docker): turn todo-a into done-a"]


# -- the text -------------------------------------------------------------------


def test_dry_run_prints_title_and_body_and_changes_nothing(repo, tmp_path, capsys):
    before = snapshot(repo)
    refs = git(repo, "for-each-ref")
    objects = git(repo, "count-objects", "-v")
    body_file = tmp_path / "body.md"
    rc, out, err = pr(repo, *SELECT, "--dry-run", "--body-file", str(body_file), capsys=capsys)
    assert rc == 0, err
    assert snapshot(repo) == before
    assert git(repo, "for-each-ref") == refs
    assert git(repo, "count-objects", "-v") == objects
    title, _, body = out.partition("\n\n")
    assert title == "fix(docker): 4 dockfix fixes in 2 Dockerfiles"
    assert body == body_file.read_text()
    assert body.startswith(bot.MARKER)
    # summary table
    assert "| `Dockerfile` | `bot-test-a` (DF981, DL3999) | 1 |" in body
    assert "| `sub/Containerfile` | `bot-test-a` (DF981, DL3999) | 2 |" in body
    assert "| `Dockerfile` | `bot-test-b` (DF982) | 1 |" in body
    # reasons and links
    assert "because A matters." in body and "*Fix safety:* safe, it is a comment." in body
    assert "[hadolint DL3999](https://github.com/hadolint/hadolint/wiki/DL3999)" in body
    assert "[Docker docs](https://docs.docker.com/build/building/best-practices/)" in body
    # found but not fixed, with the reasons
    assert re.search(r"\| `Dockerfile` \| 3 \| `bot-test-unsafe` \| found todo-u \| unsafe fix: review it and apply with `--unsafe-fixes` \|", body)
    assert re.search(r"\| `Dockerfile` \| 5 \| `bot-test-refuse` \| found todo-r \| refused: the test says no \|", body)


def test_diffstat_matches_git(repo, capsys):
    rc, out, _ = pr(repo, *SELECT, "--dry-run", capsys=capsys)
    body = out
    rc, _, _ = pr(repo, *SELECT, capsys=capsys)
    for line in git(repo, "diff", "--numstat", "main", "dockfix/fixes").splitlines():
        added, removed, path = line.split("\t")
        assert f"| `{path}` | +{added} | -{removed} |" in body


def test_reproduce_command_gives_the_same_files(repo, capsys, monkeypatch):
    rc, out, _ = pr(repo, *SELECT, "--dry-run", capsys=capsys)
    cmd = next(l for l in out.splitlines() if l.startswith("dockfix --fix "))
    argv = shlex.split(cmd.split("#")[0])
    assert argv[:2] == ["dockfix", "--fix"] and "--select" in argv
    rc, _, _ = pr(repo, *SELECT, capsys=capsys)
    from dockfix.app import cli

    monkeypatch.chdir(repo)
    cli.main(argv[1:])
    capsys.readouterr()
    for path in ("Dockerfile", "sub/Containerfile"):
        assert (repo / path).read_bytes() == show(repo, "dockfix/fixes", path)


def test_markdown_cells_are_escaped():
    assert bot._md("a | b <script>") == "a \\| b &lt;script&gt;"
    assert bot._code("x`y") == "`` x`y ``"
    assert bot._lcfirst("Replace X") == "replace X" and bot._lcfirst("RUN things") == "RUN things"


# -- push and forge -----------------------------------------------------------------


def test_open_github_pull_request(repo, capsys, monkeypatch):
    api = FakeAPI()
    seen = {}

    def create(req):
        assert req["headers"]["authorization"] == f"Bearer {TOKEN}"
        assert req["json"]["head"] == "dockfix/fixes" and req["json"]["base"] == "main"
        assert req["json"]["body"].startswith(bot.MARKER)
        seen["title"] = req["json"]["title"]
        return 201, {"number": 12, "html_url": "https://github.example/o/r/pull/12"}

    api.routes[("GET", "/repos/o/r/pulls")] = lambda req: (200, [])
    api.routes[("POST", "/repos/o/r/pulls")] = create
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    try:
        rc, out, err = pr(repo, *SELECT, "--open", "github", "--api-url", api.url, "--repo", "o/r", capsys=capsys)
        # second run: the open PR is found and updated, not duplicated
        api.routes[("GET", "/repos/o/r/pulls")] = lambda req: (200, [{"number": 12, "state": "open", "head": {"ref": "dockfix/fixes"}}])
        api.routes[("PATCH", "/repos/o/r/pulls/12")] = lambda req: (200, {"number": 12, "html_url": "u12"})
        rc2, out2, err2 = pr(repo, *SELECT, "--open", "github", "--api-url", api.url, "--repo", "o/r", capsys=capsys)
    finally:
        api.close()
    assert not api.failures, api.failures
    assert rc == 0, err
    assert "opened pull request #12" in out
    assert git(repo, "ls-remote", "origin", "refs/heads/dockfix/fixes")  # --open implies --push
    assert seen["title"] == "fix(docker): 4 dockfix fixes in 2 Dockerfiles"
    assert rc2 == 0 and "updated pull request #12" in out2
    assert [r["method"] for r in api.requests] == ["GET", "POST", "GET", "PATCH"]
    assert TOKEN not in out + err + out2 + err2


def test_open_gitlab_401_fails_without_printing_the_token(repo, capsys, monkeypatch):
    api = FakeAPI()
    api.routes[("GET", "/projects/grp%2Fapp/merge_requests")] = lambda req: (401, {"message": "401 Unauthorized"})
    monkeypatch.setenv("GITLAB_TOKEN", TOKEN)
    git(repo, "remote", "set-url", "--push", "origin", str(repo.parent / "remote.git"))
    try:
        rc, out, err = pr(repo, *SELECT, "--open", "gitlab", "--api-url", api.url, "--repo", "grp/app", capsys=capsys)
    finally:
        api.close()
    assert rc == 2
    assert "HTTP 401" in err and "401 Unauthorized" in err
    assert TOKEN not in out + err


def test_open_without_token_writes_nothing(repo, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    rc, out, err = pr(repo, *SELECT, "--open", "github", "--repo", "o/r", capsys=capsys)
    assert rc == 2 and "GITHUB_TOKEN" in err
    assert git(repo, "branch", "--list", "dockfix/*") == ""


def test_push_failure_is_an_error(repo, capsys):
    git(repo, "remote", "set-url", "origin", str(repo.parent / "does-not-exist.git"))
    rc, out, err = pr(repo, *SELECT, "--push", capsys=capsys)
    assert rc == 2 and "dockfix pr: error: git" in err and "Traceback" not in err


def test_cli_dispatches_pr_subcommand(repo):
    """The real CLI and the real transforms, in a subprocess."""
    (repo / "Dockerfile").write_text("FROM alpine:3.19\nMAINTAINER Jane <j@example.com>\n")
    git(repo, "commit", "-qam", "maintainer")
    r = subprocess.run([sys.executable, "-m", "dockfix", "pr", "--select", "maintainer-to-label"], cwd=repo,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert git(repo, "log", "-1", "--format=%s", "dockfix/fixes") == \
        "fix(docker): replace the deprecated MAINTAINER with an OCI authors LABEL"
    assert show(repo, "dockfix/fixes", "Dockerfile") == \
        b'FROM alpine:3.19\nLABEL org.opencontainers.image.authors="Jane <j@example.com>"\n'


# -- ecosystem files ------------------------------------------------------------------


def _yaml(name):
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((ROOT / name).read_text())


@pytest.mark.parametrize("name,is_df", [
    ("Dockerfile", True), ("sub/dir/Dockerfile", True), ("Containerfile", True), ("dockerfile", True),
    ("Dockerfile.dev", True), ("Containerfile.prod", True), ("app.Dockerfile", True), ("x/api.dockerfile", True),
    ("b.containerfile", True), ("Dockerfile.dockerignore", False), ("Dockerfile.orig", False), ("Dockerfile~", False),
    ("Dockerfile.swp", False), ("README.md", False), ("MyDockerfile", False), ("docker-compose.yml", False),
    ("Dockerfile/readme.txt", False),
])
def test_pre_commit_hook_files_match_discover(name, is_df):
    from dockfix.app.discover import is_dockerfile_name

    assert is_dockerfile_name(name.rsplit("/", 1)[-1]) == is_df
    hooks = {h["id"]: h for h in _yaml(".pre-commit-hooks.yaml")}
    assert set(hooks) == {"dockfix", "dockfix-check"}
    for h in hooks.values():
        hit = re.search(h["files"], name) is not None and not (h.get("exclude") and re.search(h["exclude"], name))
        assert hit == is_df, (h["id"], name)


def test_pre_commit_hook_entries_are_valid_cli_invocations():
    from dockfix.app.cli import build_parser

    hooks = {h["id"]: h for h in _yaml(".pre-commit-hooks.yaml")}
    for h in hooks.values():
        argv = shlex.split(h["entry"])
        assert argv[0] == "dockfix"
        a = build_parser().parse_args(argv[1:] + ["Dockerfile"])
        assert a.paths == ["Dockerfile"]
        assert h["language"] == "python"
    assert build_parser().parse_args(shlex.split(hooks["dockfix"]["entry"])[1:]).fix
    chk = build_parser().parse_args(shlex.split(hooks["dockfix-check"]["entry"])[1:])
    assert chk.diff or chk.check


def test_action_is_a_composite_with_the_documented_inputs():
    a = _yaml("action.yml")
    assert a["runs"]["using"] == "composite"
    assert {"mode", "paths", "select", "unsafe", "pin", "token"} <= set(a["inputs"])
    steps = a["runs"]["steps"]
    for s in steps:
        if "run" in s:
            assert s.get("shell") == "bash"
            # inputs reach the scripts through env, never pasted into the script text
            assert "${{ inputs." not in s["run"], s.get("name")
    text = (ROOT / "action.yml").read_text()
    assert "github.action_path" in text
    assert "dockfix pr" in text and "--format" in text


def test_long_tables_are_capped(repo, capsys, monkeypatch):
    monkeypatch.setattr(bot, "ROW_LIMIT", 1)
    monkeypatch.setattr(bot, "FILES_IN_COMMAND", 1)
    rc, out, _ = pr(repo, *SELECT, "--dry-run", capsys=capsys)
    assert rc == 0
    assert "| …and 2 more | | |" in out  # 3 (file, transform) rows
    assert "| …and 1 more files | +1 | -1 |" in out
    assert "| `bot-test-refuse` | refused: the test says no | 1 |" in out
    assert "…and 1 more: run `dockfix --select" in out
    assert "dockfix --fix --select bot-test-a,bot-test-b,bot-test-unsafe,bot-test-refuse .    # apply them" in out


def test_paths_are_relative_to_the_directory(repo, capsys):
    rc, out, err = pr(repo / "sub", *SELECT, "--dry-run", ".", capsys=capsys)
    assert rc == 0, err
    assert "| `sub/Containerfile` |" in out and "| `Dockerfile` |" not in out
    assert "dockfix --fix --select bot-test-a,bot-test-b,bot-test-unsafe,bot-test-refuse sub/Containerfile" in out
    assert out.rstrip().splitlines()[-4].startswith("dockfix pr --dry-run --select") and "-- sub" in out


def test_odd_file_names_and_explicit_files(repo, capsys):
    odd = repo / "we ird,dir é"
    odd.mkdir()
    (odd / "Dockerfile").write_text("FROM a\n# todo-a\n")
    (repo / "app.docker").write_text("FROM a\n# todo-b\n")  # not a Dockerfile name
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "odd")
    rc, out, err = pr(repo, *SELECT, capsys=capsys)
    assert rc == 0, err
    assert show(repo, "dockfix/fixes", "we ird,dir é/Dockerfile") == b"FROM a\n# done-a\n"
    assert show(repo, "dockfix/fixes", "app.docker") == b"FROM a\n# todo-b\n"
    rc, out, err = pr(repo, *SELECT, "app.docker", capsys=capsys)
    assert rc == 0, err
    assert show(repo, "dockfix/fixes", "app.docker") == b"FROM a\n# done-b\n"
    assert git(repo, "diff", "--name-only", "main", "dockfix/fixes") == "app.docker"


def test_explicit_config_is_read_from_head(repo, capsys):
    (repo / "ci.toml").write_text('select = ["bot-test-b"]\n')
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "ci config")
    (repo / "ci.toml").write_text('select = ["bot-test-a"]\n')  # dirty
    rc, out, err = pr(repo, "--config", "ci.toml", capsys=capsys)
    assert rc == 0, err
    assert git(repo, "log", "--format=%s", "main..dockfix/fixes") == "fix(docker): turn todo-b into done-b"
    rc, out, err = pr(repo, "--config", "missing.toml", capsys=capsys)
    assert rc == 2 and "missing.toml: no such file" in err


# -- the action's scripts, run the way a runner runs them ------------------------------------


def _action_step(step_id):
    a = _yaml("action.yml")
    return next(s for s in a["runs"]["steps"] if s.get("id") == step_id)


def _run_action_step(step_id, cwd, tmp_path, inputs, extra_env=None):
    """Run a composite step's bash script with its env (inputs substituted) like a runner does."""
    step = _action_step(step_id)
    defaults = {k: str(v.get("default", "")) for k, v in _yaml("action.yml")["inputs"].items()}
    defaults.update(inputs)
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env["PATH"]
    for k, v in step.get("env", {}).items():
        m = re.fullmatch(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", str(v))
        env[k] = defaults[m.group(1)] if m else str(v)
    out_file = tmp_path / f"{step_id}-output"
    out_file.write_text("")
    env.update({"GITHUB_OUTPUT": str(out_file), "RUNNER_TEMP": str(tmp_path), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")})
    env.update(extra_env or {})
    r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd, env=env,
                       capture_output=True, text=True, timeout=180)
    outputs = dict(line.split("=", 1) for line in out_file.read_text().splitlines() if "=" in line)
    return r, outputs


def test_action_check_step_emits_annotations(repo, tmp_path):
    (repo / "Dockerfile").write_text("FROM alpine:3.19\nMAINTAINER Jane <j@example.com>\n")
    r, outputs = _run_action_step("check", repo, tmp_path, {"select": "maintainer-to-label", "paths": "Dockerfile sub"})
    assert r.returncode == 0, r.stderr  # the step records the exit code; a later step fails the job
    assert outputs["exit-code"] == "1"
    assert re.search(r"^::warning file=Dockerfile,line=2,col=1,.*title=maintainer-to-label \(DF001\)::", r.stdout, re.M), r.stdout


def test_action_pr_step_pushes_and_opens_a_pull_request(repo, tmp_path):
    (repo / "Dockerfile").write_text("FROM alpine:3.19\nMAINTAINER Jane <j@example.com>\n")
    git(repo, "commit", "-qam", "maintainer")
    api = FakeAPI()
    api.routes[("GET", "/repos/o/r/pulls")] = lambda req: (200, [])
    api.routes[("POST", "/repos/o/r/pulls")] = lambda req: (201, {"number": 3, "html_url": "https://gh/o/r/pull/3"})
    try:
        r, outputs = _run_action_step("pr", repo, tmp_path, {"select": "maintainer-to-label", "token": TOKEN},
                                      {"GITHUB_API_URL": api.url, "GITHUB_REPOSITORY": "o/r"})
    finally:
        api.close()
    assert r.returncode == 0, r.stderr
    assert outputs["exit-code"] == "0"
    assert "opened pull request #3" in r.stdout
    assert TOKEN not in r.stdout + r.stderr
    post = api.requests[-1]
    assert post["headers"]["authorization"] == f"Bearer {TOKEN}" and post["json"]["base"] == "main"
    assert git(repo, "log", "-1", "--format=%an", "dockfix/fixes") == "github-actions[bot]"
    assert git(repo, "ls-remote", "origin", "refs/heads/dockfix/fixes")
    assert (tmp_path / "summary.md").read_text().startswith(bot.MARKER)


def test_body_shrinks_to_fit_the_forge_limit(repo, capsys, monkeypatch):
    rc, out, _ = pr(repo, *SELECT, "--dry-run", capsys=capsys)
    full = out.partition("\n\n")[2]
    monkeypatch.setattr(bot, "MAX_BODY", len(full) - 1)
    rc, out, _ = pr(repo, *SELECT, "--dry-run", capsys=capsys)
    body = out.partition("\n\n")[2]
    assert len(body) <= len(full) - 1
    assert "more" in body and "### Reproduce locally" in body  # shorter tables, every section kept
    monkeypatch.setattr(bot, "MAX_BODY", 400)
    rc, out, _ = pr(repo, *SELECT, "--dry-run", capsys=capsys)
    body = out.partition("\n\n")[2]
    assert len(body) <= 400 and body.rstrip().endswith("to see everything)*")


class FakePin(Transform, register=False):
    name = "pin-digest"
    code = "DF985"
    summary = "Pin base images to the digest their tag serves (tag@sha256:...)"
    default_enabled = False
    explanation = "What: p.\n\nWhy: reproducible builds.\n\nFix safety: safe."

    def check(self, ctx):
        assert ctx.options.get("offline") is True  # --pin options reach the transform
        yield from _marker(self, ctx, "todo-p", "done-p", 2)


def test_pin_adds_pin_digest_last(repo, capsys, monkeypatch):
    monkeypatch.setitem(registry._REGISTRY, "pin-digest", FakePin)
    (repo / "Dockerfile").write_text("# todo-p todo-a\nFROM alpine\n")
    git(repo, "commit", "-qam", "pin me")
    rc, out, err = pr(repo, "--select", "bot-test-a", capsys=capsys)
    assert rc == 0 and b"todo-p" in show(repo, "dockfix/fixes", "Dockerfile")  # opt-in: not without --pin
    rc, out, err = pr(repo, "--select", "bot-test-a", "--pin", "--offline", "--dry-run", capsys=capsys)
    assert "dockfix --fix --select bot-test-a --pin --offline" in out
    rc, out, err = pr(repo, "--select", "bot-test-a", "--pin", "--offline", capsys=capsys)
    assert rc == 0, err
    assert git(repo, "log", "--format=%s", "main..dockfix/fixes").splitlines() == [
        "fix(docker): pin base images to the digest their tag serves",
        "fix(docker): turn todo-a into done-a",
    ]
    assert bot.transform_order({"pin-digest": FakePin, "bot-test-b": MarkB})[-1] is FakePin


def test_action_check_step_writes_sarif(repo, tmp_path):
    import json

    (repo / "Dockerfile").write_text("FROM alpine:3.19\nMAINTAINER Jane <j@example.com>\n")
    r, outputs = _run_action_step("check", repo, tmp_path, {"select": "maintainer-to-label", "format": "sarif",
                                                            "sarif-file": str(tmp_path / "out.sarif")})
    assert r.returncode == 0, r.stderr
    assert outputs["exit-code"] == "1"
    sarif = json.loads((tmp_path / "out.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert any(res["ruleId"] in ("DF001", "maintainer-to-label") for res in results), results


def test_shallow_clone_push(repo, tmp_path, capsys):
    (repo / "Dockerfile.b").write_text("FROM a\n# todo-b\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "two")
    git(repo, "push", "-q", "origin", "main")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.parent / 'remote.git'}", str(clone))
    git(clone, "config", "user.name", "CI")
    git(clone, "config", "user.email", "ci@example.com")
    rc, out, err = pr(clone, *SELECT, "--push", capsys=capsys)
    assert rc == 0, err
    assert git(repo, "ls-remote", "origin", "refs/heads/dockfix/fixes").split()[0] == git(clone, "rev-parse", "dockfix/fixes")


def test_branch_checked_out_in_another_worktree_is_not_moved(repo, tmp_path, capsys):
    git(repo, "branch", "dockfix/fixes")
    git(repo, "worktree", "add", "-q", str(tmp_path / "wt"), "dockfix/fixes")
    rc, out, err = pr(repo, *SELECT, capsys=capsys)
    assert rc == 2 and "is checked out in the work tree" in err
    assert git(repo, "rev-parse", "dockfix/fixes") == git(repo, "rev-parse", "main")


def test_repository_without_commits(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    r = tmp_path / "empty"
    git(tmp_path, "init", "-q", str(r))
    (r / "Dockerfile").write_text("FROM a\n# todo-a\n")
    rc = bot.main(["-C", str(r), *SELECT])
    assert rc == 2
    assert "dockfix pr: error: the repository has no commits yet" in capsys.readouterr().err
    assert (r / "Dockerfile").read_text() == "FROM a\n# todo-a\n"


class MarkContext(Transform, register=False):
    name = "bot-test-context"
    code = "DF986"
    summary = "Report the build context"
    explanation = "What: c."

    def check(self, ctx):
        ign = os.path.relpath(os.path.join(ctx.context_dir, ".dockerignore"))
        yield ctx.finding(self, ctx.doc.instructions[0], f"context file {ign}", refused=f"see {os.path.abspath(ign)}")


def test_messages_name_paths_like_at_the_repository_root(repo, capsys, monkeypatch):
    monkeypatch.setitem(registry._REGISTRY, MarkContext.name, MarkContext)
    before = os.getcwd()
    rc, out, err = pr(repo / "sub", "--select", "bot-test-a,bot-test-context", "--dry-run", capsys=capsys)
    assert rc == 0, err
    assert "| `sub/Containerfile` | 1 | `bot-test-context` | context file sub/.dockerignore | refused: see sub/.dockerignore |" in out
    assert "dockfix-pr-" not in out + err
    assert os.getcwd() == before  # the working directory is restored
