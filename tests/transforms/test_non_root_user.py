"""non-root-user: Run the final stage as a non-root user."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixcase import assert_fix, assert_noop, golden_case, refusals, refused_of, result, write_context

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


def test_non_root_user_chmod_of_files_the_command_does_not_use_still_fixed(tmp_path):
    text = ('FROM debian:bookworm\nCOPY start.sh /app/start.sh\nRUN chmod 755 /app/start.sh && chmod 700 /opt/tool.sh\n'
            'CMD ["/app/start.sh"]\n')
    df = write_context(tmp_path, text, {"start.sh": "#!/bin/sh\nexec /app/server\n"})
    res = result(text, "non-root-user", context=tmp_path, path=str(df))
    assert "USER 10001:10001\nCMD" in res.output


def test_non_root_user_refuses_an_entrypoint_script_that_chowns(tmp_path):
    text = 'FROM debian:bookworm\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n'
    df = write_context(tmp_path, text, {"docker-entrypoint.sh": "#!/bin/sh\nset -e\n# own the data\nchown -R app /data\nexec \"$@\"\n"})
    res = result(text, "non-root-user", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("chown" in r for r in refused_of(res))


ROOT = Path(__file__).resolve().parents[2]


def test_non_root_user_is_unsafe_only():
    text = "FROM debian:12\nRUN apt-get update\nCMD [\"/app/run\"]\n"
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
    assert lines.index("USER 10001:10001") == lines.index("RUN make -C /x install") + 2  # RUN, USER
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
    c = golden_case("non-root-user", "back-to-earlier-user.Dockerfile")
    p.write_bytes(c.input)
    assert "DL3002" in subprocess.run([exe, "--no-fail", "--no-color", str(p)], capture_output=True, text=True).stdout


@pytest.mark.parametrize("image,create", [
    ("debian:12", "groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app"),
    ("fedora:40", "groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app"),
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
    text = "FROM debian:12\nRUN <<EOF\napt-get update\nEOF\nCMD [\"/app/run\"]\n"
    res = check_text(text, None, settings)
    (f,) = res.remaining
    assert f.fix is None and "heredoc" in f.refused and "line 2" in f.refused
    # the same file without the heredoc is fixed
    assert fix_text("FROM debian:12\nRUN apt-get update\nCMD [\"/app/run\"]\n", None, settings).changed


def test_final_stage_gets_a_user():
    assert_fix('FROM python:3.12-slim\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\n',
               "FROM python:3.12-slim\nCOPY app.py /app/\n"
               "RUN groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app\nUSER 10001:10001\n"
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
        'RUN groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app && chown 10001:10001 /srv\n'
        'USER 10001:10001\nCMD ["python", "app.py"]\n',
        "non-root-user")


# -- issue 15: decided from the image's role and facts (one refused, one fixed per class) ----------

_CREATE = "groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app"


def test_a_base_image_without_a_command_is_refused_and_an_app_is_fixed():
    # images built FROM it run apt-get & co as root: a USER here breaks every child build
    text = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl ca-certificates\n"
    assert_noop(text, "non-root-user", refused="base image")
    text2 = text + 'COPY app.py /srv/app.py\nCMD ["python3", "/srv/app.py"]\n'
    assert f"RUN {_CREATE}\nUSER 10001:10001\nCMD" in result(text2, "non-root-user").output


def test_a_base_image_said_so_by_a_comment_is_refused_even_with_a_command():
    text = ('# Base image for all our services: build your own images FROM this one\nFROM debian:bookworm\n'
            'RUN apt-get update\nCMD ["bash"]\n')
    assert_noop(text, "non-root-user", refused="comment says images are built FROM this one")


def test_a_build_environment_is_refused():
    text = 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y build-essential cmake\nCMD ["bash"]\n'
    assert_noop(text, "non-root-user", refused="build environment")
    # the same toolchain with a program to run is fixed
    text2 = 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y build-essential\nCOPY . /src\nCMD ["/src/app"]\n'
    assert "USER 10001:10001\nCMD" in result(text2, "non-root-user").output


@pytest.mark.parametrize("text", [
    'FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\nCOPY out /app\nENTRYPOINT ["dotnet", "/app/app.dll"]\n',
    'FROM mcr.microsoft.com/dotnet/runtime-deps:8.0-noble-chiseled-extra\nCOPY app /app\nENTRYPOINT ["/app"]\n',
    'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY out /app\nUSER $APP_UID\nENTRYPOINT ["dotnet", "/app/app.dll"]\n',
    'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n',
])
def test_images_that_already_run_as_non_root_get_no_finding(text):
    # chiseled images have no shell: an added `RUN chown` could not even build
    res = result(text, "non-root-user")
    assert res.output == text and not res.remaining and not res.applied


def test_a_user_inherited_from_a_sibling_base_image_gets_no_finding(tmp_path):
    (tmp_path / "mybase").mkdir()
    (tmp_path / "svc").mkdir()
    (tmp_path / "mybase" / "Dockerfile").write_text(
        "FROM debian:bookworm\nRUN useradd -m -u 1000 dev\nUSER 1000\n")
    text = 'FROM example/mybase:1.0\nCOPY app /app\nCMD ["/app/run"]\n'
    df = tmp_path / "svc" / "Dockerfile"
    df.write_text(text)
    res = result(text, "non-root-user", path=str(df))
    assert res.output == text and not res.remaining
    # a sibling base image that runs as root: the child still runs as root (a finding, fixed or refused)
    (tmp_path / "mybase" / "Dockerfile").write_text("FROM debian:bookworm\nRUN apt-get update\n")
    res = result(text, "non-root-user", path=str(df))
    assert [f.name for f in res.applied + res.remaining] == ["non-root-user"]


@pytest.mark.parametrize("text, why", [
    ('FROM debian:bookworm\nRUN apt-get update && apt-get install -y openvpn\nCOPY vpn.conf /etc/\n'
     'CMD ["openvpn", "/etc/vpn.conf"]\n', "openvpn"),
    ('FROM alpine:3.19\nRUN apk add --no-cache tcpdump\nENTRYPOINT ["tcpdump", "-i", "any"]\n', "tcpdump"),
    ('FROM alpine:3.19\nCOPY bot /bot\nVOLUME /var/run/docker.sock\nCMD ["/bot"]\n', "docker.sock"),
    ('FROM alpine:3.19\n# docker run --cap-add NET_ADMIN me/x\nCOPY x /x\nCMD ["/x"]\n', "--cap-add"),
    ('FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n# run with --device /dev/dri\nCOPY x /x\nCMD ["/x"]\n', "/dev/dri"),
])
def test_programs_that_need_root_capabilities_or_devices_are_refused(text, why):
    assert_noop(text, "non-root-user", refused=why)


def test_an_entrypoint_script_read_from_the_context_that_mounts_is_refused(tmp_path):
    text = 'FROM alpine:3.19\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n'
    df = write_context(tmp_path, text, {"entrypoint.sh": "#!/bin/sh\nmount -t nfs \"$SRV\" /mnt\nexec app\n"})
    assert_noop(text, "non-root-user", path=str(df), context=tmp_path, refused="mount")
    (tmp_path / "entrypoint.sh").write_text("#!/bin/sh\nexec app --port 8080\n")
    assert "USER 10001:10001\nENTRYPOINT" in result(text, "non-root-user", path=str(df), context=tmp_path).output


def test_a_command_line_tool_used_with_bind_mounts_is_refused():
    text = ('FROM alpine:3.19\nRUN apk add --no-cache pandoc\nWORKDIR /data\n'
            '# docker run --rm -v "$PWD":/data me/pandoc in.md -o out.pdf\nENTRYPOINT ["pandoc"]\n')
    assert_noop(text, "non-root-user", refused="command-line tool")
    # a service next to it still gets its USER
    text2 = 'FROM python:3.12-slim\nCOPY . /srv\nEXPOSE 8000\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "srv:app"]\n'
    assert "USER 10001:10001\nEXPOSE" in result(text2, "non-root-user").output


def test_php_fpm_from_a_package_is_refused_not_run_as_its_pool_user():
    # Debian's php-fpm opens /var/log/php8.2-fpm.log (root's) before it switches workers to
    # www-data: run as www-data (33) it fails to start (review of seed 20261208)
    text = ('FROM debian:bookworm\nRUN apt-get update && apt-get install -y php8.2-fpm\nWORKDIR /var/www/app\n'
            'COPY . .\nCMD ["php-fpm8.2", "-F"]\n')
    assert_noop(text, "non-root-user", refused="php-fpm8.2")


def test_an_account_a_package_creates_without_a_fixed_uid_is_refused_or_named():
    text = ('FROM debian:bookworm\nRUN apt-get update && apt-get install -y redis-server\n'
            'CMD ["redis-server", "--protected-mode", "no"]\n')
    assert_noop(text, "non-root-user", refused="redis")
    out = result(text, "non-root-user", options={"user-by-name": "true"}).output
    assert "\nUSER redis\nCMD" in out and "useradd" not in out


def test_the_new_account_gets_a_home():
    # `git config --global` and caches write $HOME: useradd -r makes no home without -m
    text = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y git\nCMD ["git", "config", "--list"]\n'
    assert f"RUN {_CREATE}\nUSER 10001:10001\n" in result(text, "non-root-user").output


@pytest.mark.parametrize("text, why", [
    ("FROM debian:bookworm\nRUN curl -sSf https://sh.rustup.rs | sh -s -- -y\nENV PATH=/root/.cargo/bin:$PATH\n"
     "COPY . /src\nCMD [\"/src/run\"]\n", "/root"),
    ("FROM debian:bookworm\nRUN echo 'export PATH=$PATH:/opt/tool/bin' >> ~/.bashrc\nCOPY . /src\n"
     "CMD [\"bash\", \"-ic\", \"tool\"]\n", ".bashrc"),
    ("FROM python:3.12-slim\nRUN pip install --user flask\nCOPY . /src\nCMD [\"python\", \"/src/app.py\"]\n",
     "--user"),
])
def test_settings_in_roots_home_are_refused(text, why):
    assert_noop(text, "non-root-user", refused=why)


def test_a_database_the_build_creates_is_owned_recursively_by_the_user():
    text = ('FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3\nWORKDIR /srv\n'
            'COPY init.py app.py ./\nRUN python3 init.py data.db\nCMD ["python3", "app.py"]\n')
    out = result(text, "non-root-user").output
    assert f"RUN {_CREATE} && chown -R 10001:10001 /srv\nUSER 10001:10001\n" in out
    # without build-time state the WORKDIR itself is enough (no copy of every file in a new layer)
    text2 = ('FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3\nWORKDIR /srv\n'
             'COPY app.py ./\nCMD ["python3", "app.py"]\n')
    assert f"RUN {_CREATE} && chown 10001:10001 /srv\n" in result(text2, "non-root-user").output


def test_state_directories_made_at_build_time_are_owned_by_the_user():
    text = ('FROM debian:bookworm\nWORKDIR /opt/app\nCOPY app /opt/app/\nRUN mkdir -p logs tmp /var/lib/app\n'
            'CMD ["/opt/app/app"]\n')
    out = result(text, "non-root-user").output
    assert "chown 10001:10001 /opt/app && chown -R 10001:10001 /opt/app/logs /opt/app/tmp /var/lib/app\n" in out


def test_ownership_is_set_before_a_volume_that_covers_it():
    # changes to a volume's path after VOLUME are discarded by the classic builder
    text = ('FROM python:3.12-slim\nVOLUME /data\nCOPY . /srv\nRUN pip install --no-cache-dir /srv\n'
            'CMD ["srv", "--db", "/data/db.sqlite"]\n')
    out = result(text, "non-root-user").output
    assert out.index("mkdir -p /data && chown 10001:10001 /data") < out.index("VOLUME /data")
    assert out.count("chown 10001:10001 /data") == 1
    assert "USER 10001:10001\nCMD" in out


def test_the_account_is_created_in_its_own_run_after_the_last_root_step_even_with_merge_run():
    text = ('FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends python3\n'
            'COPY app.py /srv/\nRUN python3 -m compileall /srv\nCMD ["python3", "/srv/app.py"]\n')
    out = result(text, ("non-root-user", "merge-run")).output
    # merge-run keeps a RUN that only sets up an account apart: no comment needed to protect it
    assert f"RUN python3 -m compileall /srv\nRUN {_CREATE}\nUSER 10001:10001\n" in out
    assert "hadolint ignore" not in out
    text2 = 'FROM debian:bookworm\nRUN apt-get update\nCOPY app.py /srv/\nCMD ["python3", "/srv/app.py"]\n'
    assert f"COPY app.py /srv/\nRUN {_CREATE}\nUSER" in result(text2, ("non-root-user", "merge-run")).output


def test_a_label_that_runs_the_container_privileged_is_refused(tmp_path):
    # atomic's RUN/INSTALL labels hold the docker run line the image is made for
    text = ("FROM centos:7\nLABEL RUN='docker run -d --privileged -v /:/rootfs ${IMAGE}'\nCOPY launch.sh /usr/bin/\n"
            'ENTRYPOINT ["/usr/bin/launch.sh"]\n')
    assert_noop(text, "non-root-user", refused="--privileged")
    text2 = "FROM centos:7\nLABEL RUN='docker run -d -p 8080:8080 ${IMAGE}'\nCOPY launch.sh /usr/bin/\nENTRYPOINT [\"/usr/bin/launch.sh\"]\n"
    df = write_context(tmp_path, text2, {"launch.sh": "#!/bin/sh\nexec /usr/bin/server --port 8080\n"})
    assert "USER 10001:10001\nENTRYPOINT" in result(text2, "non-root-user", context=tmp_path, path=str(df)).output


def test_a_base_image_whose_user_runs_sudo_already_runs_as_non_root():
    # root needs no sudo: the base image (ocurrent/opam...) runs as its own user
    text = 'FROM example/opam:fedora\nRUN sudo dnf install -y libev-devel\nCOPY . /web\nCMD ["/web/app"]\n'
    res = result(text, "non-root-user")
    assert res.output == text and not res.remaining
    text2 = 'FROM fedora:40\nRUN dnf install -y libev-devel\nCOPY . /web\nCMD ["/web/app"]\n'
    assert "USER 10001:10001\nCMD" in result(text2, "non-root-user").output


def test_a_dev_container_is_refused_even_with_a_command():
    text = ('FROM mcr.microsoft.com/vscode/devcontainers/base:buster\nRUN apt-get update\n'
            'ENTRYPOINT ["/usr/local/share/docker-init.sh"]\nCMD ["sleep", "infinity"]\n')
    assert_noop(text, "non-root-user", refused="dev container")


def test_a_known_command_line_tool_as_entrypoint_is_refused():
    # docker run -v "$PWD":/app composer install: uid 10001 cannot write the host's directory
    assert_noop('FROM composer:2\nENTRYPOINT ["composer"]\n', "non-root-user", refused="composer")
    # a program of the image's own as ENTRYPOINT, with nothing that shows a service: a tool, refused
    text = 'FROM debian:bookworm\nCOPY mysvc /usr/local/bin/\nENTRYPOINT ["mysvc"]\n'
    assert_noop(text, "non-root-user", refused="no EXPOSE")
    # the same program as a service (EXPOSE): fixed
    served = text.replace("ENTRYPOINT", "EXPOSE 8080\nENTRYPOINT")
    assert "USER 10001:10001\nEXPOSE" in result(served, "non-root-user").output


def test_a_rails_app_gets_its_tmp_and_log_directories():
    # assets:precompile leaves tmp/ root-owned; puma writes tmp/pids/server.pid at start
    text = ('FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install && bundle exec rake assets:precompile\n'
            'EXPOSE 3000\nCMD ["bundle", "exec", "puma"]\n')
    out = result(text, "non-root-user").output
    assert ("chown 10001:10001 /app && mkdir -p /app/tmp /app/log /app/storage && "
            "chown -R 10001:10001 /app/tmp /app/log /app/storage\nUSER 10001:10001\n") in out
    # a Ruby program that is no Rails app: only its WORKDIR
    text2 = 'FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\nCMD ["ruby", "server.rb"]\n'
    assert "chown 10001:10001 /app\nUSER" in result(text2, "non-root-user").output


def test_a_stateful_server_the_build_installed_is_refused_unless_its_data_is_a_volume():
    text = ('FROM centos:7\nCOPY install.sh /tmp/\nRUN sh /tmp/install.sh\nEXPOSE 5984\n'
            'CMD ["/bin/bash", "-e", "/usr/local/bin/couchdb", "start"]\n')
    assert_noop(text, "non-root-user", refused="couchdb")
    text2 = text.replace("EXPOSE 5984\n", "VOLUME /usr/local/var/lib/couchdb\nEXPOSE 5984\n")
    out = result(text2, "non-root-user").output
    assert "chown 10001:10001 /usr/local/var/lib/couchdb" in out and "USER 10001:10001" in out


def test_a_low_port_in_the_start_command_is_refused():
    text = 'FROM example/gunicorn-app\nRUN apt-get install -y fonts-x\nCMD ["-b", "0.0.0.0:80", "app:application"]\n'
    assert_noop(text, "non-root-user", refused="below 1024")
    text2 = text.replace("0.0.0.0:80", "0.0.0.0:8080").replace("example/gunicorn-app", "debian:bookworm")
    assert "USER 10001:10001\nCMD" in result(text2, "non-root-user").output


def test_a_shell_entrypoint_is_an_environment():
    text = 'FROM node:20\nRUN yarn global add serverless\nENTRYPOINT ["/bin/bash"]\n'
    assert_noop(text, "non-root-user", refused="interactive environment")


def test_a_program_that_switches_user_by_its_own_option_is_refused():
    text = ('FROM debian:bookworm\nRUN apt-get update && apt-get install -y beanstalkd\nEXPOSE 11300\n'
            'ENTRYPOINT ["beanstalkd", "-p", "11300"]\nCMD ["-u", "nobody"]\n')
    assert_noop(text, "non-root-user", refused="-u nobody")
    # python -u is unbuffered output, not a user
    text2 = 'FROM python:3.12-slim\nCOPY app.py /srv/\nCMD ["python", "-u", "/srv/app.py"]\n'
    assert "USER 10001:10001\nCMD" in result(text2, "non-root-user").output


def test_an_entrypoint_wrapper_around_a_shell_is_an_environment():
    text = 'FROM alpine:3.19\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["sh"]\n'
    assert_noop(text, "non-root-user", refused="interactive environment")


def test_the_volume_ownership_run_before_a_volume_is_kept_from_merge_run_and_covers_build_state():
    text = ('FROM debian:bookworm\nWORKDIR /\nRUN apt-get update && mkdir /hbase-data\nVOLUME /hbase-data\n'
            'COPY app /app\nRUN chmod +x /app/run\nCMD ["/app/run"]\n')
    out = result(text, ("non-root-user", "merge-run")).output
    assert ("RUN apt-get update && mkdir /hbase-data\n"
            "RUN mkdir -p /hbase-data && chown 10001:10001 /hbase-data\nVOLUME /hbase-data\n") in out
    assert out.count("/hbase-data") == 4  # mkdir, the early RUN (2), VOLUME: no chown after the VOLUME
    # a WORKDIR-relative database inside a volume declared before: owned recursively ahead of the VOLUME
    text2 = ('FROM debian:bookworm\nWORKDIR /srv\nCOPY init.py .\nRUN python3 init.py data.db\nVOLUME /srv\n'
             'COPY app.py .\nCMD ["python3", "app.py"]\n')
    out2 = result(text2, "non-root-user").output
    assert out2.index("chown -R 10001:10001 /srv") < out2.index("VOLUME /srv")


def test_a_docker_in_docker_image_is_refused():
    # review of seed 20261203 (uchiru/dind): dockerd in a dind image needs root
    text = 'FROM docker:27-dind\nRUN apk add --no-cache git\nCOPY entry.sh /usr/bin/\nENTRYPOINT ["/usr/bin/entry.sh"]\n'
    assert_noop(text, "non-root-user", refused="Docker in Docker")
    # the plain docker CLI image with a service is not refused for that reason
    plain = 'FROM docker:27-cli\nCOPY app /app\nEXPOSE 8080\nCMD ["/app"]\n'
    assert not any("Docker in Docker" in (f.refused or "") for f in result(plain, "non-root-user").remaining)


def test_a_workdir_under_root_is_refused():
    # review of seed 20261203 (setecrs/ipedqueue): /root is 0700, uid 10001 cannot enter /root/app
    text = ('FROM alpine:3.20\nRUN apk add --no-cache nodejs npm\nCOPY ./ /root/app/\nWORKDIR /root/app/\n'
            'RUN npm install --omit=dev\nCMD ["npm", "start"]\n')
    assert_noop(text, "non-root-user", refused="under /root")
    moved = text.replace("/root/app/", "/srv/app/")
    assert "USER" in result(moved, "non-root-user").output


def test_non_root_user_refuses_amazon_corretto_without_shadow_utils():
    # Amazon Linux images (amazoncorretto's default tags) have no useradd/groupadd: the added RUN
    # would fail the build; with shadow-utils installed by the file the account can be made
    text = ('FROM amazoncorretto:21-al2023-headless\nWORKDIR /app\nCOPY app.jar .\nEXPOSE 8080\n'
            'CMD ["java", "-jar", "app.jar"]\n')
    res = result(text, "non-root-user")
    assert res.output == text
    assert any("shadow-utils" in r for r in refused_of(res)), refused_of(res)
    with_shadow = text.replace("WORKDIR /app\n", "RUN dnf install -y shadow-utils && dnf clean all\nWORKDIR /app\n")
    assert "useradd" in result(with_shadow, "non-root-user").output


# -- issue 15: evidence the review found missing -------------------------------------------------

def test_a_start_script_fetched_by_add_url_must_be_readable():
    # ADD <url> gives mode 0600; chmod +x makes it 0711: sh cannot read it as uid 10001
    text = 'FROM debian:12\nADD https://example.com/run.sh /run.sh\nRUN chmod +x /run.sh\nCMD ["/run.sh"]\n'
    assert_noop(text, "non-root-user", refused="mode 0600")
    # readable now, but a script from a URL is unknown: refused for that
    assert_noop(text.replace("chmod +x", "chmod 755"), "non-root-user", refused="fetched from a URL")
    jar = 'FROM eclipse-temurin:21-jre\nADD https://example.com/app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n'
    assert_noop(jar, "non-root-user", refused="read it")
    via_flag = jar.replace("ADD https", "ADD --chmod=644 https")
    assert "USER 10001:10001\nCMD" in result(via_flag, "non-root-user").output
    via_run = jar.replace("CMD", "RUN chmod a+r /app.jar\nCMD")
    assert "USER 10001:10001\nCMD" in result(via_run, "non-root-user").output


def test_a_release_binary_fetched_by_add_url_needs_only_to_be_executable():
    text = ('FROM debian:12\nADD https://github.com/o/tini/releases/download/v1/tini /tini\nRUN chmod +x /tini\n'
            'COPY app /app\nENTRYPOINT ["/tini", "--", "/app"]\n')
    assert "USER 10001:10001\nENTRYPOINT" in result(text, "non-root-user").output
    owner_only = text.replace("chmod +x", "chmod u+x")  # 0700: other users cannot run it
    assert_noop(owner_only, "non-root-user", refused="run it")


def test_a_start_command_that_builds_mounted_sources_is_a_build_environment():
    # /src is a run-time bind mount; rpmbuild writes root-owned trees
    text = 'FROM rockylinux:9\nRUN dnf install -y make rpm-build && dnf clean all\nCMD cd /src && make rpm\n'
    assert_noop(text, "non-root-user", refused="build environment")
    assert_noop('FROM debian:12\nRUN apt-get update\nCMD ["rpmbuild", "-ba", "x.spec"]\n', "non-root-user",
                refused="build environment")
    served = 'FROM debian:12\nCOPY site /srv/site\nCMD cd /srv/site && exec /srv/site/server\n'
    assert "USER 10001:10001\nCMD" in result(served, "non-root-user").output


def test_a_start_command_working_in_a_directory_nothing_fills_is_refused():
    text = 'FROM python:3.12-slim\nRUN pip install --no-cache-dir black\nCMD cd /code && black .\n'
    assert_noop(text, "non-root-user", refused="/code")
    filled = 'FROM python:3.12-slim\nCOPY . /code\nCMD cd /code && exec python app.py\n'
    assert "USER 10001:10001\nCMD" in result(filled, "non-root-user").output


def test_expose_without_a_command_is_no_service():
    assert_noop("FROM eclipse-temurin:17-jre\nEXPOSE 8080\n", "non-root-user", refused="base image")
    app = 'FROM eclipse-temurin:17-jre\nCOPY app.jar /app.jar\nEXPOSE 8080\nCMD ["java", "-jar", "/app.jar"]\n'
    assert "USER 10001:10001\nEXPOSE" in result(app, "non-root-user").output


def test_an_entrypoint_script_that_starts_sshd_is_refused(tmp_path):
    text = ('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends '
            'openssh-server && rm -rf /var/lib/apt/lists/*\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n')
    df = write_context(tmp_path, text, {"entrypoint.sh": "#!/bin/sh\n/usr/sbin/sshd -D\n"})
    res = result(text, "non-root-user", context=tmp_path, path=str(df))
    assert res.output == text and any("sshd" in r for r in refused_of(res))
    plain = tmp_path / "plain"
    df2 = write_context(plain, text, {"entrypoint.sh": "#!/bin/sh\nexec /usr/local/bin/app \"$@\"\n"})
    assert "USER 10001:10001\nENTRYPOINT" in result(text, "non-root-user", context=plain, path=str(df2)).output


def test_a_start_script_not_in_the_context_is_unknown_unless_the_command_is_a_plain_server(tmp_path):
    text = 'FROM python:3.12-slim\nCOPY . /app\nCMD ["/app/start.sh"]\n'
    df = write_context(tmp_path, text, {"app.py": "print(1)\n"})
    res = result(text, "non-root-user", context=tmp_path, path=str(df))
    assert res.output == text and any("start.sh" in r and "unknown" in r for r in refused_of(res))
    server = ('FROM python:3.12-slim\nCOPY . /app\nENTRYPOINT ["/app/entrypoint.sh"]\n'
              'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n')
    df2 = write_context(tmp_path / "s", server, {"app.py": "print(1)\n"})
    out = result(server, "non-root-user", context=tmp_path / "s", path=str(df2)).output
    assert "USER 10001:10001\nENTRYPOINT" in out


@pytest.mark.parametrize("text, why", [
    ('FROM alpine:3.20\nRUN apk add --no-cache curl && curl -fsSL https://get.docker.com | sh\nCOPY ci.py /\n'
     'CMD ["python3", "/ci.py"]\n', "docker.sock"),
    ('FROM python:3.12-slim\nRUN pip install --no-cache-dir docker-compose\nCOPY . /code\n'
     'CMD ["docker-compose", "up"]\n', "docker"),
    ('FROM docker:27-cli\nCOPY app /app\nEXPOSE 8080\nCMD ["/app"]\n', "docker CLI"),
    ('FROM gcr.io/cloud-builders/gcloud\nCOPY vault /usr/bin/\nENTRYPOINT ["vault"]\n', "Cloud Build"),
    ('FROM debian:12\nENV HOME=/builder/home\nCOPY tool /usr/bin/\nENTRYPOINT ["tool"]\n', "Cloud Build"),
    ('FROM debian:12\nCOPY app /app\nCMD sh -c "mount -t ramfs ramfs /mnt/ram && exec /app"\n', "mount"),
])
def test_programs_that_need_the_docker_socket_cloud_build_volumes_or_mounts_are_refused(text, why):
    assert_noop(text, "non-root-user", refused=why)


def test_an_explicit_user_root_before_the_start_command_is_respected():
    text = ('FROM debian:12\nRUN useradd -u 999 -m pg\nUSER pg\nRUN echo build\nUSER root\n'
            'COPY app /app\nUSER root\nENTRYPOINT ["/app"]\n')
    assert_noop(text, "non-root-user", refused="on purpose")
    # a USER root that later build steps need is no such choice: the earlier user comes back
    text2 = 'FROM debian:12\nRUN useradd -u 999 -m pg\nUSER pg\nRUN echo build\nUSER root\nRUN apt-get update\nCMD ["/app"]\n'
    assert "USER 999\nCMD" in result(text2, "non-root-user").output


@pytest.mark.parametrize("cmd, why", [
    ('rm node_modules/x/tsconfig.json && bun main.js', "rm"),
    ('sed -i "s/X/$X/" /etc/app.conf && exec /app', "sed -i"),
    ('python manage.py migrate && gunicorn -b 0.0.0.0:8000 app.wsgi', "migrate"),
])
def test_a_start_command_that_changes_files_the_build_made_is_refused(cmd, why):
    text = f'FROM debian:12\nCOPY . /app\nWORKDIR /app\nCMD {cmd}\n'
    assert_noop(text, "non-root-user", refused=why)


def test_a_start_command_that_writes_only_to_tmp_is_fixed():
    text = 'FROM debian:12\nCOPY . /app\nCMD rm -f /tmp/app.pid && exec /app/server\n'
    assert "USER 10001:10001\nCMD" in result(text, "non-root-user").output


def test_files_a_run_writes_in_the_workdir_are_owned_by_the_user():
    text = ('FROM debian:12\nWORKDIR /app\nCOPY app /app/\nRUN echo 0 > count && wget -O conf.json '
            'https://example.com/conf.json\nCMD ["/app/app"]\n')
    out = result(text, "non-root-user").output
    assert "chown -R 10001:10001 /app/count /app/conf.json" in out or (
        "/app/count" in out and "/app/conf.json" in out and "chown -R" in out)


def test_an_archive_extracted_into_the_workdir_is_refused_with_the_layer_cost():
    text = ('FROM alpine:3.20\nRUN apk add --no-cache openjdk17-jre\nADD https://example.com/server.zip /\n'
            'RUN mkdir /server && unzip /server.zip -d /server && rm /server.zip\nWORKDIR /server\nEXPOSE 25565\n'
            'CMD ["java", "-jar", "server.jar", "nogui"]\n')
    msg = " ".join(refusals(text, "non-root-user"))
    assert "unzip" in msg and "layer" in msg and result(text, "non-root-user").output == text
    # a cloned application is code, like a COPY: fixed
    cloned = ('FROM python:3.12-slim\nRUN apt-get update && apt-get install -y git && git clone https://x/app.git /app\n'
              'WORKDIR /app\nCMD ["python", "app.py"]\n')
    assert "USER 10001:10001\nCMD" in result(cloned, "non-root-user").output


def test_a_copied_database_is_refused_with_copy_chown(tmp_path):
    text = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]\n'
    df = write_context(tmp_path, text, {"db.sqlite3": "", "manage.py": ""})
    res = result(text, "non-root-user", context=tmp_path, path=str(df))
    assert res.output == text and any("COPY --chown" in r for r in refused_of(res))
    df2 = write_context(tmp_path / "nodb", text, {"manage.py": ""})
    assert "USER 10001:10001\nCMD" in result(text, "non-root-user", context=tmp_path / "nodb", path=str(df2)).output


def test_a_third_party_base_image_gets_no_second_account():
    text = 'FROM parity/parity:v2.7\nRUN apt-get update\nCOPY entry /entry\nEXPOSE 8545\nENTRYPOINT ["/entry"]\n'
    assert_noop(text, "non-root-user", refused="third-party")
    official = text.replace("parity/parity:v2.7", "debian:12")
    assert "USER 10001:10001\nEXPOSE" in result(official, "non-root-user").output


def test_paths_made_in_roots_home_at_build_time_are_refused():
    text = 'FROM python:3.12-slim\nRUN mkdir -p ~/.local/share/app/signer\nCOPY . /app\nCMD ["python", "/app/a.py"]\n'
    assert_noop(text, "non-root-user", refused="root's home")
    git = 'FROM python:3.12-slim\nRUN git config --global user.name bot\nCOPY . /app\nCMD ["python", "/app/a.py"]\n'
    assert_noop(git, "non-root-user", refused=".gitconfig")
    cache = 'FROM python:3.12-slim\nRUN mkdir -p ~/.cache/pip\nCOPY . /app\nCMD ["python", "/app/a.py"]\n'
    assert "USER 10001:10001\nCMD" in result(cache, "non-root-user").output


def test_a_mkdir_run_right_before_a_volume_gets_the_chown_not_a_second_mkdir():
    text = 'FROM python:3.12-slim\nRUN mkdir -p /data\nVOLUME ["/data"]\nCOPY app.py /\nCMD ["python", "/app.py"]\n'
    out = result(text, "non-root-user").output
    assert out.count("mkdir") == 1 and "RUN mkdir -p /data && chown" in out and "USER 10001:10001\nCMD" in out


def test_plain_services_still_get_their_user():
    for text in ('FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\nRUN pip install --no-cache-dir -r requirements.txt\n'
                 'EXPOSE 8000\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n',
                 'FROM node:22-slim\nWORKDIR /srv\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\n'
                 'EXPOSE 3000\nCMD ["node", "server.js"]\n',
                 'FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\nEXPOSE 8080\n'
                 'ENTRYPOINT ["java", "-jar", "/app.jar"]\n',
                 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n'
                 'FROM debian:12-slim\nCOPY --from=build /out/app /usr/local/bin/app\nEXPOSE 8080\nCMD ["app"]\n'):
        out = result(text, "non-root-user").output
        assert "\nUSER " in out, text


def test_apache_foreground_after_an_unknown_entrypoint_needs_root():
    # apache2-foreground binds :80: the "plain server" CMD after an unknown entrypoint is no such thing
    text = ('FROM php:8.3-apache\nCOPY docker-entrypoint /usr/local/bin/\nENTRYPOINT ["docker-entrypoint"]\n'
            'CMD ["apache2-foreground"]\n')
    assert_noop(text, "non-root-user", refused="apache2-foreground")


def test_an_interpreter_entrypoint_with_no_service_is_a_tool():
    text = 'FROM python:3.12-slim\nRUN pip install --no-cache-dir nibabel\nCOPY seg.py /seg.py\nENTRYPOINT ["python", "/seg.py"]\n'
    assert_noop(text, "non-root-user", refused="command-line tool")
    served = text.replace("ENTRYPOINT", "EXPOSE 8000\nENTRYPOINT")
    assert "USER 10001:10001\nEXPOSE" in result(served, "non-root-user").output


def test_a_directory_a_run_makes_and_the_program_is_pointed_at_is_owned():
    text = ('FROM python:3.12-alpine\nCOPY sync.py /opt/sync.py\nRUN mkdir /artifacts/\nENV ARTIFACTS=/artifacts\n'
            'CMD python3 /opt/sync.py --out $ARTIFACTS\n')
    assert "chown -R 10001:10001 /artifacts" in result(text, "non-root-user").output
    unused = text.replace("ENV ARTIFACTS=/artifacts\n", "").replace("--out $ARTIFACTS", "--out /tmp")
    out = result(unused, "non-root-user").output
    assert "USER 10001:10001" in out and "/artifacts &&" not in out and "chown -R" not in out


def test_a_play_application_writes_running_pid_into_its_stage_directory():
    text = ('FROM eclipse-temurin:21\nWORKDIR /play\nCOPY . .\nRUN ./sbt stage\nEXPOSE 9000\n'
            'CMD target/universal/stage/bin/app -Dhttp.port=9000\n')
    assert_noop(text, "non-root-user", refused="RUNNING_PID")


def test_a_package_account_is_used_only_for_the_package_s_program():
    text = ('FROM perl:5.40\nRUN apt-get update && apt-get install -y nginx\nCOPY app.pl ./\nEXPOSE 8080\n'
            'CMD perl app.pl\n')
    assert_noop(text, "non-root-user", refused="does not run nginx")
    # the same account for the package's own program: used
    redis = text.replace("nginx", "redis-server").replace("CMD perl app.pl", 'CMD ["redis-server"]')
    assert "USER redis\nEXPOSE" in result(redis, "non-root-user", options={"user-by-name": "true"}).output


def test_a_django_app_copied_from_a_context_not_at_hand_is_refused(tmp_path):
    text = ('FROM python:3.12-slim\nWORKDIR /usr/src/app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n'
            'CMD python manage.py runserver 0.0.0.0:8000\n')
    assert_noop(text, "non-root-user", refused="db.sqlite3")
    df = write_context(tmp_path, text, {"manage.py": "", "requirements.txt": ""})
    assert "USER 10001:10001\nCMD" in result(text, "non-root-user", context=tmp_path, path=str(df)).output


def test_an_archive_that_makes_the_workdir_is_refused():
    text = ('FROM eclipse-temurin:8-jre\nRUN wget http://example.com/Jetty.zip && unzip Jetty.zip && rm Jetty.zip\n'
            'WORKDIR /Jetty\nEXPOSE 8090\nCMD java -jar start.jar\n')
    assert_noop(text, "non-root-user", refused="where the WORKDIR /Jetty comes from")
    copied = text.replace("WORKDIR /Jetty\n", "WORKDIR /Jetty\nCOPY start.jar .\n")
    assert "USER 10001:10001" in result(copied, "non-root-user").output


def test_a_run_that_gives_files_to_a_numeric_owner_names_the_intended_user():
    text = ('FROM python:3.12-alpine\nWORKDIR /code\nCOPY . .\nRUN chown -R 1000:2000 /code/media\nEXPOSE 8000\n'
            'CMD ["uwsgi", "--http", ":8000"]\n')
    assert_noop(text, "non-root-user", refused="USER 1000:2000")
    root_owned = text.replace("chown -R 1000:2000", "chown -R root:root")
    assert "USER 10001:10001" in result(root_owned, "non-root-user").output


def test_a_chown_to_the_base_image_s_own_uid_is_no_obstacle():
    text = 'FROM node:22-slim\nWORKDIR /srv\nCOPY . .\nRUN chown -R 1000:1000 /srv/uploads\nEXPOSE 3000\nCMD ["node", "s.js"]\n'
    assert "USER 1000\nEXPOSE" in result(text, "non-root-user").output


@pytest.mark.parametrize("cmd", ["stack --allow-different-user exec app-exe", "poetry run python app.py",
                                 "pipenv run gunicorn app:app"])
def test_a_start_command_whose_tool_keeps_the_build_s_state_in_roots_home_is_refused(cmd):
    text = f'FROM haskell:9\nCOPY . /src\nWORKDIR /src\nRUN echo build\nEXPOSE 3000\nCMD {cmd}\n'
    assert_noop(text, "non-root-user", refused="root's")
    assert "USER 10001:10001" in result(text.replace(f"CMD {cmd}", "CMD ./app-exe"), "non-root-user").output


def test_a_relative_shell_entrypoint_is_an_environment():
    text = 'FROM python:3.7\nRUN virtualenv venv\nENTRYPOINT bin/bash\nRUN pip install apache-beam\n'
    assert_noop(text, "non-root-user", refused="build environment")


def test_a_base_image_that_ships_its_program_s_account_gets_no_second_one():
    text = 'FROM php:8.3-cli-alpine\nCOPY --from=rr /usr/bin/rr /usr/local/bin/rr\nWORKDIR /var/www\nEXPOSE 8080\nCMD ["rr", "serve"]\n'
    assert_noop(text, "non-root-user", refused="www-data")
    plain = text.replace("php:8.3-cli-alpine", "alpine:3.20")
    assert "USER 10001:10001" in result(plain, "non-root-user").output


def test_a_directory_on_path_is_not_state():
    text = ('FROM alpine:3.20\nRUN mkdir /github && git clone https://x/tools /github/tools\nENV PATH=$PATH:/github/tools\n'
            'WORKDIR /github/tools\nCMD ["ls", "/github/tools/bin/run.sh"]\n')
    out = result(text, "non-root-user").output
    assert "USER 10001:10001" in out and "chown -R" not in out


def test_a_system_daemon_from_sbin_is_refused():
    text = 'FROM rockylinux:9\nRUN dnf install -y collectd\nCOPY collectd.conf /etc/\nCMD ["/usr/sbin/collectd", "-f"]\n'
    assert_noop(text, "non-root-user", refused="sbin")
    assert "USER 10001:10001" in result(text.replace("/usr/sbin/collectd", "/usr/bin/collectd"), "non-root-user").output


def test_a_pid_file_a_run_touches_and_the_command_names_is_owned():
    text = ('FROM debian:12\nRUN apt-get update && apt-get install -y opensips && touch /run/opensips.pid\n'
            'CMD opensips -f /etc/opensips/opensips.cfg -P /run/opensips.pid\n')
    assert "chown -R 10001:10001 /run/opensips.pid" in result(text, "non-root-user").output


def test_a_dot_directory_at_the_root_is_a_home_setting():
    text = ('FROM rockylinux:9\nRUN dnf install -y tigervnc-server\nRUN mkdir /.vnc && x11vnc -storepasswd 1 /.vnc/passwd\n'
            'EXPOSE 5901\nCMD ["vncserver", "-fg"]\n')
    assert_noop(text, "non-root-user", refused="/.vnc")


def test_a_directory_a_run_made_for_the_command_s_output_is_owned():
    text = ('FROM php:8.3-cli-alpine\nRUN mkdir -p /tests/artifacts\nWORKDIR /tests\nCOPY . .\n'
            'CMD ["/tests/bin/behat", "-f", "pretty", "-o", "/tests/artifacts/pretty.out"]\n')
    text = text.replace("php:8.3-cli-alpine", "alpine:3.20")
    assert "chown -R 10001:10001 /tests/artifacts" in result(text, "non-root-user").output
    elsewhere = text.replace("/tests/artifacts/pretty.out", "/var/log/behat.out")
    assert_noop(elsewhere, "non-root-user", refused="/var/log")


def test_a_script_cloned_into_the_workdir_is_not_the_official_image_s():
    text = ('FROM rust:1.93\nWORKDIR /app\nRUN git clone https://x/app .\nRUN cargo install --path .\n'
            'EXPOSE 8080\nCMD /app/run.sh\n')
    assert_noop(text, "non-root-user", refused="run.sh")


def test_a_directory_a_copy_fills_later_is_source_not_state():
    text = ('FROM eclipse-temurin:21\nWORKDIR /w\nRUN mkdir -p common app\nCOPY common/src common/src\n'
            'COPY app/src app/src\nRUN ./build\nEXPOSE 8080\nCMD ["app/bin/app"]\n')
    out = result(text, "non-root-user").output
    assert "USER 10001:10001" in out and "chown -R" not in out


def test_a_launcher_entrypoint_without_a_command_is_run_with_one():
    text = 'FROM node:22\nRUN npm i -g gulp\nENTRYPOINT ["dumb-init", "--"]\n'
    assert_noop(text, "non-root-user", refused="only launches")
    assert "USER 1000\nENTRYPOINT" in result(text + 'CMD ["node", "server.js"]\n', "non-root-user").output


def test_composer_global_packages_are_in_roots_home():
    text = 'FROM php:8.3-cli\nRUN composer global require phpunit/phpunit\nCOPY . /app\nCMD ["php", "/app/x.php"]\n'
    assert_noop(text, "non-root-user", refused="composer global")


def test_a_relative_start_script_path_is_a_script():
    text = 'FROM debian:12\nWORKDIR /opt/mm\nCOPY . .\nEXPOSE 8065\nCMD bin/mm-launch.sh\n'
    assert_noop(text, "non-root-user", refused="mm-launch.sh")


def test_a_mirror_of_an_official_image_is_official():
    for image in ("localhost/debian:bookworm", "registry.example.com:5000/library/debian:12"):
        text = f'FROM {image}\nCOPY app /app\nEXPOSE 8080\nCMD ["/app"]\n'
        assert "USER 10001:10001" in result(text, "non-root-user").output, image
    assert_noop('FROM ghcr.io/someone/debian:12\nCOPY app /app\nEXPOSE 8080\nCMD ["/app"]\n', "non-root-user",
                refused="third-party")


def test_a_downloaded_file_a_later_run_uses_is_a_build_input_not_state():
    text = ('FROM haskell:9\nWORKDIR /opt\nRUN curl -fsSL https://x/Build.hs > Build.hs\nRUN runhaskell Build.hs\n'
            'EXPOSE 8000\nCMD ["elm", "reactor"]\n')
    out = result(text, "non-root-user").output
    assert "USER 10001:10001" in out and "Build.hs &&" not in out and "chown -R" not in out


def test_a_dart_program_run_from_source_reads_root_s_pub_cache():
    text = ('FROM dart:3.5\nWORKDIR /app\nCOPY pubspec.yaml server.dart ./\nRUN dart pub get\nEXPOSE 8080\n'
            'CMD ["dart", "server.dart"]\n')
    assert_noop(text, "non-root-user", refused="pub-cache")
    compiled = text.replace("RUN dart pub get\n", "RUN dart pub get && dart compile exe server.dart -o server\n")
    compiled = compiled.replace('CMD ["dart", "server.dart"]', 'CMD ["./server"]')
    assert "USER 10001:10001" in result(compiled, "non-root-user").output


def test_vault_and_consul_are_servers_only_with_their_server_command():
    assert_noop('FROM alpine:3.20\nCOPY vault /usr/bin/vault\nENTRYPOINT ["/usr/bin/vault"]\n', "non-root-user",
                refused="command-line tool")
    server = 'FROM alpine:3.20\nCOPY vault /usr/bin/vault\nENTRYPOINT ["/usr/bin/vault", "server", "-dev"]\n'
    assert "USER 10001:10001" in result(server, "non-root-user").output


def test_a_server_tree_extracted_in_a_builder_stage_and_copied_into_the_workdir_is_refused():
    text = ('FROM alpine:3.20 AS get\nWORKDIR /resin\nRUN wget -qO- https://x/resin.tgz | tar xz --strip-components=1\n'
            'FROM eclipse-temurin:21\nWORKDIR /resin\nCOPY --from=get /resin .\nEXPOSE 8080\n'
            'CMD ["java", "-jar", "lib/resin.jar", "console"]\n')
    assert_noop(text, "non-root-user", refused="extracted")
    built = text.replace("RUN wget -qO- https://x/resin.tgz | tar xz --strip-components=1", "RUN ./build.sh")
    assert "USER 10001:10001" in result(built, "non-root-user").output


@pytest.mark.parametrize("cmd", ['["jekyll", "serve", "--host=0.0.0.0"]', '["bundle", "exec", "jekyll", "s"]',
                                 '["hugo", "server", "--bind=0.0.0.0"]', '["npm", "run", "dev"]'])
def test_non_root_user_refuses_a_dev_server_that_renders_into_the_project(cmd):
    # `jekyll build` ran as root; `jekyll serve` regenerates _site there (review of seed 20261205, 047)
    text = (f'FROM ruby:3.3\nWORKDIR /site\nCOPY . .\nRUN gem install jekyll && jekyll build\nEXPOSE 4000\n'
            f'CMD {cmd}\n')
    res = result(text, "non-root-user")
    assert res.output == text
    assert any("writes into the application" in r or "builds" in r for r in refused_of(res)), refused_of(res)


def test_non_root_user_still_fixes_a_static_file_server():
    text = ('FROM python:3.12-slim\nWORKDIR /site\nCOPY _site/ .\nEXPOSE 8000\n'
            'CMD ["python", "-m", "http.server", "8000"]\n')
    assert "USER 10001:10001" in result(text, "non-root-user").output


def test_non_root_user_workdir_workspace_is_named_as_a_mounted_workspace():
    # an NGC image with WORKDIR /workspace is not a Cloud Build step (review of seed 20261205, 044)
    text = ('FROM nvcr.io/nvidia/pytorch:24.05-py3\nWORKDIR /workspace\nCOPY . .\nEXPOSE 8888\n'
            'CMD ["python", "serve.py", "--port", "8888"]\n')
    res = result(text, "non-root-user")
    assert res.output == text
    why = " ".join(refused_of(res))
    assert "workspace mounted at run time" in why and "Cloud Build step" not in why.split("(")[0]


def test_non_root_user_refuses_julia_packages_installed_in_roots_depot():
    # Pkg.instantiate() as root fills /root/.julia; the new user's julia looks in its own home
    # (review of seed 20261207, 035: BREAKS-RUNTIME)
    text = ('FROM julia:1.12\nWORKDIR /app\nCOPY . .\nRUN julia --project=. -e \'using Pkg; Pkg.instantiate()\'\n'
            'EXPOSE 8080\nCMD ["julia", "--project=.", "server.jl"]\n')
    res = result(text, "non-root-user")
    assert res.output == text
    assert any(".julia" in r for r in refused_of(res)), refused_of(res)
    shared = text.replace("WORKDIR /app\n", "ENV JULIA_DEPOT_PATH=/opt/julia\nWORKDIR /app\n")
    assert not any(".julia" in r for r in refused_of(result(shared, "non-root-user")))


def test_non_root_user_says_what_a_bind_mounted_volume_needs():
    # the chown before a VOLUME reaches named volumes; a host directory keeps its owner
    # (reviews of seeds 20261206 and 20261207: the message hid it)
    text = ('FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nVOLUME /downloads\nEXPOSE 8080\n'
            'CMD ["python", "server.py", "--port", "8080"]\n')
    [f] = [f for f in result(text, "non-root-user").applied if f.name == "non-root-user"]
    assert "/downloads must be writable by 10001:10001" in f.fix.message
    [g] = result(text.replace("VOLUME /downloads\n", ""), "non-root-user").applied
    assert "bind-mounted" not in g.fix.message


# -- review of seed 20261208 ----------------------------------------------------------

def test_non_root_user_refuses_php_fpm_which_starts_as_root_and_drops_to_its_pool_user():
    # php-fpm's master opens its root-owned error log and switches workers to www-data: as uid
    # 10001 it fails "FPM initialization failed"
    assert_noop('FROM alpine:3.12\nRUN apk add --no-cache php7-fpm\nCMD ["php-fpm7", "-F"]\nEXPOSE 9000\n',
                "non-root-user", refused="php-fpm7")
    assert_noop('FROM php:8.3-fpm\nCOPY . /var/www/html\n', "non-root-user", refused="drops privileges")
    # a PHP program that is not php-fpm still gets its user
    res = result('FROM alpine:3.19\nRUN apk add --no-cache php83\nCOPY app.php /app/app.php\nEXPOSE 8080\n'
                 'CMD ["php83", "-S", "0.0.0.0:8080", "/app/app.php"]\n', "non-root-user")
    assert "USER 10001:10001" in res.output


def test_non_root_user_refuses_a_java_tool_entrypoint_without_service_evidence():
    # java -jar as the ENTRYPOINT with nothing that serves: docker run's arguments go to a tool,
    # which writes into the user's mounted directory
    src = ('FROM gcr.io/distroless/java17\nCOPY tool.jar /app/tool.jar\n'
           'ENTRYPOINT ["java", "-jar", "/app/tool.jar"]\n')
    assert_noop(src, "non-root-user", refused="command-line tool")
    # the same jar as a service (EXPOSE) is fixed
    res = result(src.replace("ENTRYPOINT", "EXPOSE 8080\nENTRYPOINT"), "non-root-user")
    assert "USER 65532" in res.output


def test_non_root_user_refuses_an_interpreter_alone_as_the_entrypoint():
    assert_noop('FROM python:3.12\nRUN pip install --no-cache-dir numpy\nENTRYPOINT ["python3"]\n',
                "non-root-user", refused="interpreter alone")
    # with a CMD that names the program, the image runs that program
    res = result('FROM python:3.12\nWORKDIR /app\nCOPY app.py .\nENTRYPOINT ["python"]\nCMD ["app.py"]\n',
                 "non-root-user")
    assert "USER 10001:10001" in res.output


def test_non_root_user_refuses_a_shell_that_does_not_run_c_scripts():
    # RUN text goes to SHELL as its last argument: bash "groupadd ..." looks for a file of that name
    src = 'FROM debian:bookworm\nSHELL ["/bin/bash"]\nCMD /usr/bin/myapp --serve\n'
    assert_noop(src, "non-root-user", refused="does not run `-c` scripts")
    for shell in ('["/bin/bash", "-o", "pipefail", "-c"]', '["/bin/sh", "-exc"]'):
        res = result(src.replace('["/bin/bash"]', shell), "non-root-user")
        assert "USER 10001:10001" in res.output, shell


def test_non_root_user_refuses_when_the_build_ran_the_program_to_set_up_its_state():
    # superset keeps its database in ~/.superset: made by root in /root at build time
    assert_noop('FROM python:3.12-slim\nRUN pip install --no-cache-dir apache-superset && superset db upgrade '
                '&& superset init\nEXPOSE 8088\nCMD ["superset", "run", "-h", "0.0.0.0", "-p", "8088"]\n',
                "non-root-user", refused="the build ran superset db")
    assert_noop('FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN python manage.py migrate\nEXPOSE 8000\n'
                'CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]\n', "non-root-user",
                refused="manage.py migrate")
    # a build step that only prepares files the program reads, and a version check, are no state
    for run in ("python manage.py collectstatic --noinput", "gunicorn --version"):
        res = result(f'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN {run}\nEXPOSE 8000\n'
                     'CMD ["gunicorn", "app.wsgi"]\n', "non-root-user")
        assert "USER 10001:10001" in res.output, run


def test_non_root_user_refuses_group_zero_permissions(tmp_path):
    # OpenShift's convention: paths writable by group 0, for an arbitrary uid in group root
    assert_noop('FROM centos:7\nRUN mkdir -p /etc/app && chgrp -R 0 /etc/app && chmod -R g=u /etc/app\n'
                'EXPOSE 9090\nCMD ["/usr/libexec/app-launch"]\n', "non-root-user", refused="group 0")
    text = 'FROM centos:7\nCOPY . /container\nRUN /container/install.sh\nEXPOSE 9090\nCMD ["/usr/libexec/app-launch"]\n'
    df = write_context(tmp_path, text, {"install.sh": "mkdir -p /etc/app\n# OpenShift runs us with gid 0\n"
                                                      "chmod 775 /etc/app\n"})
    res = result(text, "non-root-user", path=str(df))
    assert res.output == text and any("group 0" in r for r in refused_of(res))
    # a script that does nothing of the kind: fixed
    (tmp_path / "install.sh").write_text("mkdir -p /etc/app\nchmod 755 /etc/app\n")
    res = result(text, "non-root-user", path=str(df))
    assert "USER 10001:10001" in res.output


# -- focused non-root-user review of seed 20261210 ---------------------------------------

def test_non_root_user_refuses_init_systems_as_the_start_command():
    # runsvdir/minit start services as root; images built FROM it add services and RUN apt-get
    for start in ('["runsvdir", "/etc/service"]', '["/sbin/minit"]', '["/sbin/my_init"]'):
        assert_noop(f'FROM debian:12\nRUN echo x > /etc/x\nCMD {start}\n', "non-root-user", refused="needs root")


@pytest.mark.parametrize("flags", ['"-http", ":80"', '"--http=:80"', '"-addr", ":80"', '"-listen=:443"',
                                   '"--listen", "0.0.0.0:80"'])
def test_non_root_user_refuses_low_ports_in_go_style_flags(flags):
    assert_noop(f'FROM debian:12-slim\nCOPY proxy /app/\nCMD ["/app/proxy", {flags}]\n', "non-root-user",
                refused="the start command listens on port")


def test_non_root_user_high_port_in_go_style_flags_is_fixed():
    res = result('FROM debian:12-slim\nCOPY proxy /app/\nCMD ["/app/proxy", "-http", ":8080"]\n', "non-root-user")
    assert "USER 10001:10001" in res.output


def test_non_root_user_refuses_a_base_account_through_an_arg_in_the_tag():
    # php:${V}-cli-alpine ships www-data whatever V is: no second account beside it
    assert_noop('ARG V\nFROM php:${V}-cli-alpine\nRUN apk add --no-cache git\nWORKDIR /var/www\nEXPOSE 8080\n'
                'CMD ["php", "-S", "0.0.0.0:8080"]\n', "non-root-user", refused="www-data")


def test_non_root_user_refuses_a_program_run_from_a_workdir_nothing_fills():
    # app.py is not in the image: the code is mounted from the host at run time
    for start in ('["python", "app.py"]', '["./server"]', '["php", "artisan", "serve"]'):
        assert_noop(f'FROM python:3.12\nWORKDIR /app\nEXPOSE 8000\nCMD {start}\n', "non-root-user",
                    refused="nothing in the file fills")
    # filled before the WORKDIR, by a RUN that names it, or a program found on PATH: fixed
    for text in ('FROM python:3.12\nADD . /app\nWORKDIR /app\nEXPOSE 8000\nCMD ["python", "app.py"]\n',
                 'FROM python:3.12\nRUN git clone https://example.com/x.git /app\nWORKDIR /app\nEXPOSE 8000\n'
                 'CMD ["python", "app.py"]\n',
                 'FROM python:3.12\nRUN pip install --no-cache-dir myserver\nWORKDIR /app\nEXPOSE 8000\n'
                 'CMD ["myserver", "--port", "8000"]\n'):
        assert "USER 10001:10001" in result(text, "non-root-user").output, text


def test_non_root_user_does_not_give_a_system_directory_to_the_user():
    res = result('FROM debian:12-slim\nCOPY server /app/server\nWORKDIR /run\nEXPOSE 8080\nCMD ["/app/server"]\n',
                 "non-root-user")
    assert "USER 10001:10001" in res.output and "chown" not in res.output


def test_non_root_user_gives_rails_storage_to_the_user():
    res = result('FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\nEXPOSE 3000\n'
                 'CMD bundle exec rails server -b 0.0.0.0\n', "non-root-user")
    assert "chown -R 10001:10001 /app/tmp /app/log /app/storage" in res.output
    # a Rack app that is not Rails: tmp/ and log/ only
    res = result('FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\nEXPOSE 3000\n'
                 'CMD bundle exec puma -p 3000\n', "non-root-user")
    assert "chown -R 10001:10001 /app/tmp /app/log\n" in res.output


def test_multi_stage_refuses_when_the_build_run_makes_the_runtime_account():
    # non-root-user's account RUN became the last RUN: the runtime stage would run as a uid
    # without an account (HOME=/) -- refuse instead
    src = ('FROM python:3.12-alpine\nRUN apk add --no-cache build-base\nWORKDIR /srv\nCOPY requirements.txt .\n'
           'RUN pip install --no-cache-dir -r requirements.txt\nCOPY main.py .\n'
           'RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app\nUSER 10001:10001\n'
           'CMD ["python3", "main.py"]\n')
    assert_noop(src, "multi-stage", refused="makes an account")


# -- host directories bind-mounted where the program writes (the files around the Dockerfile) --------

_SERVICE = ('FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n'
            'VOLUME /var/lib/app\nEXPOSE 8000\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n')
_NOTEBOOK = ('FROM python:3.12-slim\nRUN pip install --no-cache-dir notebook\nWORKDIR /work\nCOPY notebooks/ .\n'
             'EXPOSE 8888\nCMD ["jupyter", "notebook", "--ip=0.0.0.0", "--port=8888"]\n')


def _fixed(text: str, df: Path) -> bool:
    return "USER 10001:10001\n" in result(text, "non-root-user", path=str(df)).output


def test_a_plain_service_with_no_usage_files_is_still_fixed(tmp_path):
    df = write_context(tmp_path, _SERVICE, {"app.py": "app = None\n", "requirements.txt": "gunicorn\n"})
    assert _fixed(_SERVICE, df)
    assert _fixed(_NOTEBOOK, write_context(tmp_path / "nb", _NOTEBOOK, {"notebooks/a.ipynb": "{}"}))


def test_a_compose_bind_mount_on_a_volume_is_refused_with_its_file_and_line(tmp_path):
    compose = ("services:\n  web:\n    build: .\n    ports:\n      - '8000:8000'\n    volumes:\n"
               "      - ./data:/var/lib/app\n")
    df = write_context(tmp_path, _SERVICE, {"docker-compose.yml": compose})
    res = result(_SERVICE, "non-root-user", path=str(df))
    assert res.output == _SERVICE
    [why] = refused_of(res)
    assert why.startswith("docker-compose.yml:7: - ./data:/var/lib/app: bind-mounts the host directory ./data")
    assert "--user" in why


def test_a_compose_named_volume_is_fixed(tmp_path):
    compose = ("services:\n  web:\n    build: .\n    volumes:\n      - appdata:/var/lib/app\n"
               "      - type: volume\n        source: cache\n        target: /app\nvolumes:\n  appdata:\n  cache:\n")
    df = write_context(tmp_path, _SERVICE, {"compose.yaml": compose})
    assert _fixed(_SERVICE, df)


def test_a_compose_bind_mount_of_the_source_on_the_workdir_is_refused(tmp_path):
    # the long syntax, a default of a variable, the compose file in the folder above (build: ./web)
    long = "services:\n  web:\n    build:\n      context: .\n    volumes:\n      - type: bind\n        source: .\n        target: /app\n"
    df = write_context(tmp_path, _SERVICE, {"docker-compose.yml": long})
    assert any("on /app" in r for r in refused_of(result(_SERVICE, "non-root-user", path=str(df))))
    above = "services:\n  web:\n    build: ./web\n    volumes:\n      - ${DATA_DIR:-./state}:/var/lib/app\n"
    (tmp_path / "up").mkdir()
    (tmp_path / "up" / "docker-compose.yml").write_text(above)
    df2 = write_context(tmp_path / "up" / "web", _SERVICE, {"app.py": ""})
    assert any(r.startswith("../docker-compose.yml:5:") for r in refused_of(result(_SERVICE, "non-root-user", path=str(df2))))
    # the same compose file builds another folder: not this image
    df3 = write_context(tmp_path / "up" / "worker", _SERVICE, {"app.py": ""})
    assert _fixed(_SERVICE, df3)


def test_compose_mounts_of_other_services_read_only_or_with_a_user_are_fixed(tmp_path):
    compose = ("services:\n  db:\n    image: postgres:16\n    volumes:\n      - ./pg:/var/lib/postgresql/data\n"
               "      - ./app:/app\n  web:\n    build: .\n    volumes:\n      - ./conf:/app:ro\n"
               "  admin:\n    build: .\n    user: \"1000:1000\"\n    volumes:\n      - ./data:/var/lib/app\n")
    df = write_context(tmp_path, _SERVICE, {"docker-compose.yml": compose})
    assert _fixed(_SERVICE, df)


def test_a_readme_docker_run_that_mounts_the_current_directory_on_the_workdir_is_refused(tmp_path):
    readme = ("# notebook\n\nStart it in your project:\n\n```sh\ndocker run --rm -p 8888:8888 \\\n"
              "    -v $(pwd):/work me/notebook\n```\n")
    df = write_context(tmp_path, _NOTEBOOK, {"README.md": readme, "notebooks/a.ipynb": "{}"})
    res = result(_NOTEBOOK, "non-root-user", path=str(df))
    assert res.output == _NOTEBOOK
    [why] = refused_of(res)
    assert why.startswith("README.md:7: docker run ... -v $(pwd):/work: bind-mounts the host directory $(pwd) on /work")


def test_an_unrelated_readme_is_fixed(tmp_path):
    readme = ("# notebook\n\n```sh\ndocker build -t me/notebook .\ndocker run --rm -p 8888:8888 me/notebook\n"
              "docker run -v notebooks:/work me/notebook\ndocker run -v $(pwd):/src node:20 npm test\n"
              "docker run -v $(pwd)/out:/export me/notebook\n```\n")
    df = write_context(tmp_path, _NOTEBOOK, {"README.md": readme, "notebooks/a.ipynb": "{}"})
    assert _fixed(_NOTEBOOK, df)


def test_makefile_and_script_docker_run_lines_are_read(tmp_path):
    make = "run:\n\tdocker run --rm -p 8888:8888 -v $(CURDIR)/nb:/work/nb -v $(CURDIR):/work me/notebook\n"
    df = write_context(tmp_path, _NOTEBOOK, {"Makefile": make, "notebooks/a.ipynb": "{}"})
    assert any(r.startswith("Makefile:2:") for r in refused_of(result(_NOTEBOOK, "non-root-user", path=str(df))))
    script = "#!/bin/sh\nset -e\nexec docker run --user \"$(id -u)\" -v \"$PWD\":/work me/notebook\n"
    df2 = write_context(tmp_path / "s", _NOTEBOOK, {"run.sh": script, "notebooks/a.ipynb": "{}"})
    assert _fixed(_NOTEBOOK, df2)  # the run chooses its own user: the USER is not used there
    (tmp_path / "s" / "run.sh").write_text(script.replace('--user "$(id -u)" ', ""))
    assert any(r.startswith("run.sh:3:") for r in refused_of(result(_NOTEBOOK, "non-root-user", path=str(df2))))


def test_a_usage_comment_of_a_service_that_bind_mounts_its_data_is_refused():
    text = _SERVICE.replace("EXPOSE", "# docker run -d -p 8000:8000 -v /srv/app:/var/lib/app me/app\nEXPOSE")
    res = result(text, "non-root-user")
    assert res.output == text
    [why] = refused_of(res)
    assert why.startswith("line 6: usage: docker run bind-mounts the host directory /srv/app on /var/lib/app")
    named = _SERVICE.replace("EXPOSE", "# docker run -d -p 8000:8000 -v appdata:/var/lib/app me/app\nEXPOSE")
    assert "USER 10001:10001\n" in result(named, "non-root-user").output


def test_a_bind_mount_named_for_state_under_the_workdir_is_refused(tmp_path):
    # the model does not know /app/uploads, but a writable mount of a host directory called so is one
    for target, refused in (("/app/uploads", True), ("/app/db.sqlite3", True), ("/app/src", False),
                            ("/app/config.yml", False)):
        compose = f"services:\n  web:\n    build: .\n    volumes:\n      - ./x:{target}\n"
        df = write_context(tmp_path / target.rsplit("/", 1)[-1], _SERVICE, {"docker-compose.yml": compose})
        assert _fixed(_SERVICE, df) is not refused, target


def test_the_build_context_is_read_beside_the_dockerfiles_folder(tmp_path):
    # docker build -f docker/Dockerfile . : the README of the context tells how the image is run
    readme = "Run:\n\n    docker run -p 8000:8000 -v /srv/app-data:/var/lib/app me/app\n"
    df = write_context(tmp_path / "docker", _SERVICE, {"app.py": ""})
    (tmp_path / "README.md").write_text(readme)
    res = result(_SERVICE, "non-root-user", path=str(df), context=tmp_path)
    assert any(r.startswith("../README.md:3:") for r in refused_of(res)), refused_of(res)
    assert _fixed(_SERVICE, df)  # without the context, the folder alone has no such line
