"""non-root-user: Run the final stage as a non-root user."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixcase import assert_fix, assert_noop, golden_case, refused_of, result, write_context

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import check_text, fix_text
from golden import all_cases


def test_non_root_user_refuses_a_start_command_that_runs_chown():
    # the CMD fixes ownership as root before starting the app: as uid 10001 chown fails
    text = ('FROM debian:bookworm\nRUN echo hi\nSTOPSIGNAL SIGTERM\n'
            'CMD ["sh", "-c", "chown -R app /data && exec /app/run"]\n')
    res = result(text, "non-root-user")
    assert res.output == text
    assert any("chown" in r for r in refused_of(res))


def test_non_root_user_start_command_without_root_tools_still_fixed():
    text = 'FROM debian:bookworm\nRUN echo hi\nCMD ["sh", "-c", "exec /app/run --owner app"]\n'
    res = result(text, "non-root-user")
    assert "USER 10001:10001\nCMD" in res.output


def test_non_root_user_refuses_a_start_command_under_root_home():
    # /root is 0700 in Debian/Alpine/Fedora images: uid 10001 cannot run /root/run.sh
    text = 'FROM debian:bookworm\nCOPY run.sh /root/run.sh\nENTRYPOINT ["/root/run.sh"]\n'
    res = result(text, "non-root-user")
    assert res.output == text
    assert any("/root" in r for r in refused_of(res))


def test_non_root_user_refuses_a_start_script_only_root_may_run():
    text = 'FROM debian:bookworm\nCOPY start.sh /app/start.sh\nRUN chmod 750 /app/start.sh\nCMD ["/app/start.sh"]\n'
    res = result(text, "non-root-user")
    assert res.output == text
    assert any("chmod 750" in r for r in refused_of(res))


def test_non_root_user_chmod_of_files_the_command_does_not_use_still_fixed():
    text = ('FROM debian:bookworm\nCOPY start.sh /app/start.sh\nRUN chmod 755 /app/start.sh && chmod 700 /opt/tool.sh\n'
            'CMD ["/app/start.sh"]\n')
    res = result(text, "non-root-user")
    assert "USER 10001:10001\nCMD" in res.output


def test_non_root_user_refuses_an_entrypoint_script_that_chowns(tmp_path):
    text = 'FROM debian:bookworm\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n'
    df = write_context(tmp_path, text, {"docker-entrypoint.sh": "#!/bin/sh\nset -e\n# own the data\nchown -R app /data\nexec \"$@\"\n"})
    res = result(text, "non-root-user", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("chown" in r for r in refused_of(res))


ROOT = Path(__file__).resolve().parents[2]


def test_non_root_user_is_unsafe_only():
    text = "FROM debian:12\nRUN apt-get update\nCMD [\"bash\"]\n"
    safe = fix_text(text, None, Settings(select=("non-root-user",)))
    assert safe.output == text
    unsafe = fix_text(text, None, Settings(select=("non-root-user",), unsafe_fixes=True))
    assert "USER 10001:10001" in unsafe.output
    assert unsafe.output.index("USER 10001:10001") < unsafe.output.index("CMD")
    # selected through its hadolint code too
    assert fix_text(text, None, Settings(select=("DL3002",), unsafe_fixes=True)).output == unsafe.output


def test_non_root_user_places_user_after_last_root_step():
    text = "FROM debian:12\nRUN apt-get update\nENV A=1\nCOPY x /x\nRUN make -C /x install\nEXPOSE 8080\nCMD [\"x\"]\n"
    out = fix_text(text, None, Settings(select=("non-root-user",), unsafe_fixes=True)).output
    lines = out.splitlines()
    assert lines.index("USER 10001:10001") == lines.index("RUN make -C /x install") + 2
    assert lines.index("USER 10001:10001") < lines.index("EXPOSE 8080")


def test_hadolint_dl3002_gone_after_non_root_user(tmp_path):
    """hadolint (the ground truth) no longer reports DL3002 on the fixed golden outputs."""
    import shutil
    import subprocess

    exe = shutil.which("hadolint")
    if exe is None:
        pytest.skip("hadolint not installed")
    cases = [c for c in all_cases(ROOT / "golden") if c.transform == "non-root-user" and c.expected is not None]
    assert cases
    p = tmp_path / "Dockerfile"
    for c in cases:
        p.write_bytes(c.expected)
        out = subprocess.run([exe, "--no-fail", "--no-color", str(p)], capture_output=True, text=True).stdout
        assert "DL3002" not in out, c.path
    # and it does fire on an input we fix
    c = golden_case("non-root-user", "user-root-last.Dockerfile")
    p.write_bytes(c.input)
    assert "DL3002" in subprocess.run([exe, "--no-fail", "--no-color", str(p)], capture_output=True, text=True).stdout


@pytest.mark.parametrize("image,create", [
    ("debian:12", "groupadd -r -g 10001 app && useradd --no-log-init -r -u 10001 -g app app"),
    ("fedora:40", "groupadd -r -g 10001 app && useradd --no-log-init -r -u 10001 -g app app"),
    ("alpine:3.20", "addgroup -S -g 10001 app && adduser -S -u 10001 -G app app"),
    ("busybox:1.36", "addgroup -S -g 10001 app && adduser -S -u 10001 -G app app"),
])
def test_non_root_user_numeric_ids_match_the_account(image, create):
    """The account is created with fixed ids, USER names them numerically and the chown gives them the WORKDIR."""
    text = f"FROM {image}\nWORKDIR /srv\nCOPY x .\nCMD [\"x\"]\n"
    settings = Settings(select=("non-root-user",), unsafe_fixes=True)
    out = fix_text(text, None, settings).output
    assert f"RUN {create} && chown 10001:10001 /srv\nUSER 10001:10001\n" in out
    assert fix_text(out, None, settings).output == out
    # the ids come from the options; the chown follows them
    s2 = Settings(select=("non-root-user",), unsafe_fixes=True, options={"user-uid": "4242"})
    out2 = fix_text(text, None, s2).output
    assert "4242" in out2 and "10001" not in out2
    assert "chown 4242:4242 /srv\nUSER 4242:4242\n" in out2
    for bad in ("0", "-1", "app", "99999999999", True):
        res = check_text(text, None, Settings(select=("non-root-user",), unsafe_fixes=True, options={"user-uid": bad}))
        (f,) = res.remaining
        assert f.fix is None and "user-uid" in f.refused


@pytest.mark.parametrize("text,user", [
    ("FROM node:20\nCOPY . /app\nCMD [\"node\", \"/app\"]\n", "1000"),
    ("FROM gcr.io/distroless/base-debian12\nCOPY app /app\nCMD [\"/app\"]\n", "65532"),
    ("FROM debian:12\nRUN useradd -m -u 2001 bob\nCMD [\"x\"]\n", "2001"),
    ("FROM debian:12\nRUN useradd -m --uid=2002 bob\nCMD [\"x\"]\n", "2002"),
    ("FROM alpine:3\nRUN adduser -D -u 2003 bob\nCMD [\"x\"]\n", "2003"),
])
def test_non_root_user_writes_known_uids(text, user):
    settings = Settings(select=("non-root-user",), unsafe_fixes=True)
    out = fix_text(text, None, settings).output
    assert f"\nUSER {user}\n" in out
    assert fix_text(out, None, settings).output == out


def test_non_root_user_created_account_without_uid_needs_option():
    # the uid is chosen at build time: USER bob would be a name (DL3066), so only on request
    text = "FROM debian:12\nRUN useradd -m -u $UID bob\nCMD [\"x\"]\n"
    settings = Settings(select=("non-root-user",), unsafe_fixes=True)
    assert fix_text(text, None, settings).output == text
    (f,) = check_text(text, None, settings).remaining
    assert f.fix is None and "user-by-name" in f.refused
    settings = Settings(select=("non-root-user",), unsafe_fixes=True, options={"user-by-name": "true"})
    out = fix_text(text, None, settings).output
    assert "\nUSER bob\n" in out and fix_text(out, None, settings).output == out


def test_non_root_user_adds_no_other_hadolint_findings(tmp_path):
    """hadolint reports nothing on the fixed golden outputs that it did not report on the inputs
    (DL3066 numeric USER, DL3041/DL3033 unpinned shadow-utils, DL1000 after a heredoc), except
    DL3066 where the USER is an account the file itself created without a uid."""
    import json
    import shutil
    import subprocess

    exe = shutil.which("hadolint")
    if exe is None:
        pytest.skip("hadolint not installed")
    cases = [c for c in all_cases(ROOT / "golden") if c.transform == "non-root-user" and c.expected is not None]
    paths = []
    for k, c in enumerate(cases):
        for side, data in (("in", c.input), ("out", c.expected)):
            p = tmp_path / f"{k}-{side}.Dockerfile"
            p.write_bytes(data)
            paths.append(str(p))
    items = json.loads(subprocess.run([exe, "--no-fail", "-f", "json", *paths], check=False, capture_output=True, text=True).stdout)
    codes = {p: set() for p in paths}
    for it in items:
        codes[it["file"]].add(it["code"])
    checked = 0
    for k, c in enumerate(cases):
        new = codes[str(tmp_path / f"{k}-out.Dockerfile")] - codes[str(tmp_path / f"{k}-in.Dockerfile")]
        if c.path.name.startswith("reuse-created-user") and b"\nUSER svc\n" in c.expected:
            assert new == {"DL3066"}  # the file's `useradd ... svc`, uid unknown: only the name is known
            continue
        assert not new, (c.path, new)
        checked += 1
    assert checked >= 10
    # and they are the codes it would report: a name in USER does give DL3066
    p = tmp_path / "named.Dockerfile"
    p.write_text("FROM debian:12\nUSER app\n")
    assert "DL3066" in subprocess.run([exe, "--no-fail", str(p)], check=False, capture_output=True, text=True).stdout


def test_non_root_user_refuses_after_a_heredoc():
    settings = Settings(select=("non-root-user",), unsafe_fixes=True)
    text = "FROM debian:12\nRUN <<EOF\napt-get update\nEOF\n"
    res = check_text(text, None, settings)
    (f,) = res.remaining
    assert f.fix is None and "heredoc" in f.refused and "line 2" in f.refused
    # the same file without the heredoc is fixed
    assert fix_text("FROM debian:12\nRUN apt-get update\n", None, settings).changed


def test_final_stage_gets_a_user():
    assert_fix('FROM python:3.12-slim\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\n',
               "FROM python:3.12-slim\nCOPY app.py /app/\n"
               "RUN groupadd -r -g 10001 app && useradd --no-log-init -r -u 10001 -g app app\nUSER 10001:10001\n"
               'CMD ["python", "/app/app.py"]\n', "non-root-user")


def test_a_final_user_is_left_alone():
    assert_noop('FROM python:3.12-slim\nCOPY app.py /app/\nUSER nobody\nCMD ["python", "/app/app.py"]\n',
                "non-root-user")


def test_a_workdir_a_build_argument_decides_is_chowned_as_dot():
    # the path depends on --build-arg V: a fixed path would be wrong (or fail the build) for another
    # value, and no chown leaves the new user unable to write its working directory
    assert_fix(
        'FROM alpine:3.19\nARG V=5.1\nENV H=/opt/app-${V}\nRUN mkdir -p $H\nWORKDIR ${H}\nCMD ["sh","-c","echo x > run.log"]\n',
        'FROM alpine:3.19\nARG V=5.1\nENV H=/opt/app-${V}\nRUN mkdir -p $H\nWORKDIR ${H}\n'
        'RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app && chown 10001:10001 .\n'
        'USER 10001:10001\nCMD ["sh","-c","echo x > run.log"]\n',
        "non-root-user")


def test_a_relative_workdir_over_a_known_image_is_chowned_by_its_path():
    assert_fix(
        'FROM python:3.12-slim\nWORKDIR srv\nCOPY . .\nCMD ["python", "app.py"]\n',
        'FROM python:3.12-slim\nWORKDIR srv\nCOPY . .\n'
        'RUN groupadd -r -g 10001 app && useradd --no-log-init -r -u 10001 -g app app && chown 10001:10001 /srv\n'
        'USER 10001:10001\nCMD ["python", "app.py"]\n',
        "non-root-user")
