"""apt-no-install-recommends: Add --no-install-recommends to apt-get install."""

from __future__ import annotations

from fixcase import assert_fix, assert_noop, fix, result, write_context


def test_install_gets_no_install_recommends_as_an_unsafe_fix():
    src = "FROM debian:12\nRUN apt-get install -y jq\n"
    assert_fix(src, "FROM debian:12\nRUN apt-get install --no-install-recommends -y jq\n",
               "apt-no-install-recommends")
    assert_noop(src, "apt-no-install-recommends", unsafe=False)


def test_flag_already_given_is_left_alone():
    assert_noop("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n", "apt-no-install-recommends")


# -- package knowledge (issue 16): what the build needs from Recommends is installed by name ----------

def test_gcc_without_build_essential_keeps_libc6_dev_and_autoconf_keeps_automake():
    src = "FROM debian:12\nRUN apt-get install -y gcc autoconf\n"
    out = fix(src, "apt-no-install-recommends")
    assert out == "FROM debian:12\nRUN apt-get install --no-install-recommends -y gcc autoconf libc6-dev automake\n"


def test_build_essential_covers_libc6_dev():
    assert_fix("FROM debian:12\nRUN apt-get install -y build-essential gcc\n",
               "FROM debian:12\nRUN apt-get install --no-install-recommends -y build-essential gcc\n",
               "apt-no-install-recommends")


def test_hygiene_fixes_are_not_offered_in_a_builder_stage():
    # only COPY --from reads a builder: a smaller layer there gains nothing (review of seed 20261208: NOISE)
    tail = "FROM debian:12\nCOPY --from=b /x /x\n"
    for name, run in (("apt-no-install-recommends", "apt-get update && apt-get install -y make"),
                      ("apt-lists-cleanup", "apt-get update && apt-get install -y --no-install-recommends make"),
                      ("pip-no-cache-dir", "pip install flask"), ("apk-no-cache", "apk add make")):
        src = f"FROM debian:12 AS b\nRUN {run}\n" + tail
        assert_noop(src, name, refused="a builder stage")
        # the same RUN in the shipped stage is fixed
        assert fix(f"FROM debian:12\nRUN {run}\n", name) != f"FROM debian:12\nRUN {run}\n", name
    # correctness fixes still apply there
    src = "FROM debian:12 AS b\nRUN apt-get update && apt-get install make\n" + tail
    assert "install -y make" in fix(src, "apt-get-yes")


def test_ca_certificates_kept_in_a_shipped_stage_and_not_added_twice():
    out = fix("FROM debian:12\nRUN apt-get install -y curl\n", "apt-no-install-recommends")
    assert out.endswith("-y curl ca-certificates\n")
    assert_fix("FROM debian:12\nRUN apt-get install -y curl ca-certificates\n",
               "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl ca-certificates\n",
               "apt-no-install-recommends")


def test_git_over_ssh_keeps_openssh_client():
    out = fix("FROM debian:12\nRUN apt-get install -y git && git clone git@github.com:o/r.git\n",
              "apt-no-install-recommends")
    assert "-y git ca-certificates openssh-client &&" in out


def test_pip_install_after_python3_pip_keeps_what_a_source_build_needs():
    out = fix("FROM debian:12\nRUN apt-get install -y python3-pip && pip3 install flask\n", "apt-no-install-recommends")
    assert "-y python3-pip build-essential python3-dev && pip3 install" in out
    out = fix("FROM debian:12\nRUN apt-get install -y gcc python3-pip && pip3 install x\n", "apt-no-install-recommends")
    assert "-y gcc python3-pip build-essential python3-dev &&" in out  # build-essential covers libc6-dev
    out = fix("FROM debian:12\nRUN apt-get install -y python3-pip\n", "apt-no-install-recommends")
    assert out.endswith("-y python3-pip\n")  # nothing builds from source here


def test_a_package_list_in_a_variable_is_read_or_refused():
    assert_noop("FROM debian:12\nRUN apt-get install -y $PKGS\n", "apt-no-install-recommends", refused="variable")
    out = fix("FROM debian:12\nRUN deps='gcc make'; apt-get install -y $deps\n", "apt-no-install-recommends")
    assert "-y $deps libc6-dev\n" in out
    out = fix("FROM debian:12\nENV DEPS=\"jq wget\"\nRUN apt-get install -y ${DEPS}\n", "apt-no-install-recommends")
    assert "-y ${DEPS} ca-certificates\n" in out
    assert_noop("FROM debian:12\nRUN deps=\"$(cat list)\"; apt-get install -y $deps\n", "apt-no-install-recommends",
                refused="variable")
    out = fix('FROM debian:12\nENV V=1.2\nRUN apt-get install -y jq="$V" gcc-${V}\n', "apt-no-install-recommends")
    assert 'jq="$V" gcc-${V}\n' in out  # a version in a variable is fine; gcc-1.2 brings in nothing known


def test_the_table_is_dated_and_names_its_source():
    from dockfix.semantic.recommends import recommends_table
    t = recommends_table()
    assert "apt-cache dumpavail" in t.source and "Debian" in t.source
    assert "wget" in t.brought_by["ca-certificates"] and "gcc" in t.brought_by["libc6-dev"]


def test_a_name_with_a_variable_of_unknown_value_is_a_pattern():
    # `php${PHP_VERSION}-gmp` can name no package that brings in a recommended package the build needs
    out = fix("FROM debian:12\nARG PHP_VERSION\nRUN apt-get install -y php${PHP_VERSION}-gmp confluent-${V}=${VER}\n",
              "apt-no-install-recommends")
    assert "install --no-install-recommends -y php${PHP_VERSION}-gmp" in out
    # `${PY}-pip` can be python3-pip: what it recommends for pip builds is installed by name
    out = fix("FROM debian:12\nARG PY\nRUN apt-get install -y ${PY}-pip\nRUN pip install x\n",
              "apt-no-install-recommends")
    assert "--no-install-recommends -y ${PY}-pip build-essential" in out and "python3-dev" in out
    # a bare `$PKGS` can be anything, a value with a blank is several names
    for text in ("FROM debian:12\nARG PKGS\nRUN apt-get install -y curl $PKGS\n",
                 "FROM debian:12\nARG PKGS\nRUN apt-get install -y \"lib${PKGS} gcc\"\n"):
        assert_noop(text, "apt-no-install-recommends", refused="variable")


def test_python2_pip_keeps_what_pip_builds_need():
    text = ("FROM ubuntu:16.04\nRUN apt-get update && apt-get install -y python-pip python-dev\n"
            "RUN pip install psycopg2==2.7.7\n")
    out = fix(text, "apt-no-install-recommends")
    line = out.splitlines()[1]
    assert "--no-install-recommends" in line
    for pkg in ("build-essential", "python-setuptools", "python-wheel"):
        assert f" {pkg}" in line
    assert line.count("python-dev") == 1  # installed already: not added twice
    # no pip install in the stage: nothing is built from source, nothing is added
    out = fix("FROM ubuntu:16.04\nRUN apt-get update && apt-get install -y python-pip\n", "apt-no-install-recommends")
    assert out.splitlines()[1].endswith("--no-install-recommends -y python-pip")


def test_an_empty_variable_is_a_known_value():
    out = fix('FROM debian:12\nENV EXTRA=""\nRUN apt-get install -y wget ${EXTRA}\n', "apt-no-install-recommends")
    assert "wget ${EXTRA} ca-certificates" in out


# -- review of seed 20261205: ssh, composer, add-apt-repository, one package per line, -t ----------------

def test_ssh_keys_copied_into_dot_ssh_keep_openssh_client_else_not():
    src = "FROM python:3.12-slim\nRUN apt-get install -y git-all\nCOPY keys/ /root/.ssh/\n"
    assert fix(src, "apt-no-install-recommends").count("-y git-all openssh-client\n") == 1
    for use in ("RUN ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts\n", "ENV GIT_SSH_COMMAND=\"ssh -i /k\"\n",
                "RUN --mount=type=ssh git clone https://e.com/r\n", "RUN git clone ssh://git@e.com/r\n"):
        assert "openssh-client" in fix("FROM python:3.12-slim\nRUN apt-get install -y git-all\n" + use,
                                       "apt-no-install-recommends"), use
    plain = fix("FROM python:3.12-slim\nRUN apt-get install -y git-all\nCOPY app/ /root/app/\n",
                "apt-no-install-recommends")
    assert "openssh-client" not in plain


def test_composer_keeps_unzip_that_zip_recommends_else_not():
    out = fix("FROM php:8-cli\nRUN apt-get install -y zip && composer install --prefer-dist\n",
              "apt-no-install-recommends")
    assert "-y zip unzip && composer" in out
    out = fix("FROM php:8-cli\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/\nRUN apt-get install -y zip\n",
              "apt-no-install-recommends")
    assert out.endswith("-y zip unzip\n")
    out = fix("FROM php:8-cli\nRUN apt-get install -y zip && zip -r a.zip .\n", "apt-no-install-recommends")
    assert "-y zip &&" in out


def test_add_apt_repository_keeps_gnupg_for_the_ppa_key_else_not():
    src = "FROM ubuntu:22.04\nRUN apt-get install -y software-properties-common && add-apt-repository ppa:a/b\n"
    assert "-y software-properties-common gnupg && add-apt" in fix(src, "apt-no-install-recommends")
    alone = fix("FROM ubuntu:22.04\nRUN apt-get install -y software-properties-common\n", "apt-no-install-recommends")
    assert alone.endswith("-y software-properties-common\n")
    # a build-essential install next to it (dpkg-dev recommends gnupg) does not add it: the PPA tool is elsewhere
    other = fix("FROM ubuntu:22.04\nRUN apt-get install -y build-essential\n"
                "RUN apt-get install -y software-properties-common && add-apt-repository ppa:a/b\n",
                "apt-no-install-recommends")
    assert "-y build-essential\n" in other and other.count("gnupg") == 1


def test_one_package_per_line_gets_the_kept_ones_on_lines_of_their_own():
    src = "FROM debian:12\nRUN apt-get install -y \\\n    python3-pip \\\n    git \\\n    && pip3 install x\n"
    out = fix(src, "apt-no-install-recommends")
    assert "    git \\\n    build-essential \\\n    ca-certificates \\\n    python3-dev \\\n    && pip3" in out
    commented = "FROM debian:12\nRUN apt-get install -y \\\n  jq \\\n  # fetch\n  wget && true\n"
    assert "  wget \\\n  ca-certificates && true\n" in fix(commented, "apt-no-install-recommends")
    one_line = fix("FROM debian:12\nRUN apt-get install -y jq wget && true\n", "apt-no-install-recommends")
    assert "-y jq wget ca-certificates && true\n" in one_line


def test_a_package_kept_by_an_earlier_install_is_not_added_again_eg_to_a_target_release_install():
    src = ("FROM debian:9\nRUN apt-get install -y wget \\\n && apt-get install -y -t stretch-backports curl\n")
    out = fix(src, "apt-no-install-recommends")
    assert out.count("ca-certificates") == 1 and "-t stretch-backports curl\n" in out
    # an earlier install in a branch may not run: the later one keeps its own
    branch = "FROM debian:12\nRUN if [ -n \"$X\" ]; then apt-get install -y wget; fi\nRUN apt-get install -y curl\n"
    assert fix(branch, "apt-no-install-recommends").count("ca-certificates") == 2


def test_dirmngr_is_kept_with_gnupg_only_where_gnupg_recommends_it_stretch():
    ppa = "RUN apt-get install -y software-properties-common && add-apt-repository ppa:a/b\n"
    assert "software-properties-common gnupg dirmngr &&" in fix("FROM debian:stretch\n" + ppa,
                                                                 "apt-no-install-recommends")
    assert "software-properties-common gnupg &&" in fix("FROM debian:buster\n" + ppa, "apt-no-install-recommends")


def test_an_explicit_gnupg_gets_no_dirmngr_outside_stretch():
    src = "FROM ubuntu:xenial\nRUN apt-get install -y software-properties-common gnupg && add-apt-repository ppa:a/b\n"
    assert "-y software-properties-common gnupg &&" in fix(src, "apt-no-install-recommends")
    assert "gnupg dirmngr &&" in fix(src.replace("ubuntu:xenial", "debian:stretch-slim"), "apt-no-install-recommends")


def test_a_tool_image_running_a_package_with_recommends_is_refused_others_fixed():
    src = "FROM debian:12\nRUN apt-get install -y opam\nENTRYPOINT [\"opam\"]\n"
    assert_noop(src, "apt-no-install-recommends", refused="command-line tool")
    # shellcheck has no Recommends: nothing to lose at run time
    assert_fix("FROM debian:12\nRUN apt-get install -y shellcheck\nENTRYPOINT [\"shellcheck\"]\n",
               "FROM debian:12\nRUN apt-get install --no-install-recommends -y shellcheck\n"
               "ENTRYPOINT [\"shellcheck\"]\n", "apt-no-install-recommends")
    # a service's start command is no tool: the ordinary fix
    out = fix("FROM debian:12\nRUN apt-get install -y opam\nEXPOSE 80\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
              "apt-no-install-recommends")
    assert "--no-install-recommends" in out


def test_a_build_environment_is_told_what_its_tools_lose():
    # a CI image: the builds run in it may use what openjdk only recommends; the fix says so
    # (review of seed 20261206, 008 and 023: RISKY because the message hid it)
    text = ("FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y build-essential openjdk-17-jdk "
            "&& rm -rf /var/lib/apt/lists/*\nCMD [\"bash\"]\n")
    res = result(text, "apt-no-install-recommends")
    assert "--no-install-recommends" in res.output
    [f] = res.applied
    assert "build environment" in f.fix.message and "openjdk-17-jdk" in f.fix.message
    service = text.replace('CMD ["bash"]', 'COPY app.jar /app.jar\nEXPOSE 8080\nCMD ["java", "-jar", "/app.jar"]')
    [g] = result(service, "apt-no-install-recommends").applied
    assert "build environment" not in g.fix.message


def test_zip_keeps_unzip_when_the_stage_runs_unzip():
    # zip only recommends unzip (review of seed 20261207, 006: BREAKS-BUILD)
    text = ("FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y zip wget && rm -rf /var/lib/apt/lists/*\n"
            "RUN wget -q https://e.com/a.zip && unzip a.zip -d /opt\n")
    out = result(text, "apt-no-install-recommends").output
    assert "--no-install-recommends" in out and "unzip" in out.split("\n")[1]
    no_unzip = text.replace(" && unzip a.zip -d /opt", "")
    assert "unzip" not in result(no_unzip, "apt-no-install-recommends").output.split("\n")[1]


# -- review of seed 20261208 -------------------------------------------------------------------------

def _install_line(out: str, n: int = 1) -> str:
    return out.split("\n")[n]


def test_ca_certificates_installed_after_the_https_download_is_too_late():
    # BREAKS-BUILD: a later install in the same RUN does not help the download before it
    text = ("FROM debian:bookworm\nRUN apt-get update && apt-get install -y wget \\\n"
            "    && wget -O /tmp/x.tgz https://example.com/x.tgz \\\n"
            "    && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\n")
    out = fix(text, "apt-no-install-recommends")
    assert "apt-get install --no-install-recommends -y wget ca-certificates \\\n" in out
    # installed before the download, even by a later install of the RUN: nothing to add
    before = text.replace("    && wget -O /tmp/x.tgz https://example.com/x.tgz \\\n", "").replace(
        "rm -rf /var/lib/apt/lists/*\n", "wget -O /tmp/x.tgz https://example.com/x.tgz\n")
    out = fix(before, "apt-no-install-recommends")
    assert "--no-install-recommends -y wget \\\n" in out and out.count("ca-certificates") == 1


def test_ca_certificates_of_a_later_run_counts_only_before_the_first_download():
    builder = "FROM debian:12\nRUN apt-get install -y wget\n{}\n"
    ca = "RUN apt-get install -y --no-install-recommends ca-certificates"
    get = "RUN wget https://e.com/x -O /x"
    late = fix(builder.format(f"{get}\n{ca}"), "apt-no-install-recommends")
    assert "-y wget ca-certificates\n" in late
    in_time = fix(builder.format(f"{ca}\n{get}"), "apt-no-install-recommends")
    assert "-y wget\n" in in_time
    # an install in another stage built on the same one does not help this one's download
    sibling = ("FROM debian:12 AS base\nRUN apt-get install -y wget\nFROM base AS a\n" + ca + "\n"
               "FROM base AS b\nRUN wget https://e.com/x -O /x\n")
    assert "-y wget ca-certificates\n" in fix(sibling, "apt-no-install-recommends")


def test_an_https_apt_source_needs_ca_certificates_before_the_update():
    # apt-transport-https (its libcurl3-gnutls recommends ca-certificates on old releases), then
    # `apt-get update` against an https source: a builder stage downloads nothing else over https
    src = ("FROM debian:9\nRUN apt-get update && apt-get install -y apt-transport-https \\\n"
           " && echo \"deb https://download.mono-project.com/repo/debian stable main\""
           " > /etc/apt/sources.list.d/mono.list \\\n && apt-get update && apt-get install -y --no-install-recommends"
           " mono-devel\n")
    assert "-y apt-transport-https ca-certificates \\\n" in fix(src, "apt-no-install-recommends")
    deb822 = ("FROM debian:12\nRUN apt-get update && apt-get install -y apt-transport-https\n"
              "RUN cat > /etc/apt/sources.list.d/x.sources <<EOF\nTypes: deb\nURIs: https://e.com/debian\n"
              "Suites: stable\nComponents: main\nEOF\nRUN apt-get update && apt-get install -y --no-install-recommends x\n")
    assert "-y apt-transport-https ca-certificates\n" in fix(deb822, "apt-no-install-recommends")


def test_xvfb_run_keeps_xauth_that_xvfb_only_recommends():
    # BREAKS-RUNTIME: xvfb-run exits 3 ("xauth command not found") without xauth
    text = ("FROM node:22-bookworm\nRUN apt-get update && apt-get install -y xvfb && rm -rf /var/lib/apt/lists/*\n"
            "CMD [\"xvfb-run\", \"-a\", \"npm\", \"test\"]\n")
    res = result(text, "apt-no-install-recommends")
    assert "--no-install-recommends -y xvfb xauth &&" in res.output
    [f] = res.applied
    assert "xauth (recommended by xvfb" in f.message and "xauth" in f.fix.message
    in_run = "FROM debian:12\nRUN apt-get install -y xvfb\nRUN xvfb-run -a make test\n"
    assert "-y xvfb xauth\n" in fix(in_run, "apt-no-install-recommends")
    # Xvfb started by itself needs no xauth
    bare = "FROM debian:12\nRUN apt-get install -y xvfb\nCMD [\"Xvfb\", \":99\"]\n"
    assert _install_line(fix(bare, "apt-no-install-recommends")).endswith("-y xvfb")


def test_xvfb_run_in_an_entrypoint_script_of_the_context_keeps_xauth(tmp_path):
    text = ("FROM debian:12\nRUN apt-get install -y xvfb\nCOPY entrypoint.sh /\n"
            "ENTRYPOINT [\"/entrypoint.sh\"]\n")
    df = write_context(tmp_path, text, {"entrypoint.sh": "#!/bin/sh\nexec xvfb-run -a \"$@\"\n"})
    out = fix(text, "apt-no-install-recommends", context=tmp_path, path=str(df))
    assert _install_line(out).endswith("-y xvfb xauth")
    df = write_context(tmp_path, text, {"entrypoint.sh": "#!/bin/sh\nXvfb :99 &\nexec \"$@\"\n"})
    out = fix(text, "apt-no-install-recommends", context=tmp_path, path=str(df))
    assert _install_line(out).endswith("-y xvfb")


def test_the_finding_names_the_packages_the_fix_adds():
    res = result("FROM debian:12\nRUN apt-get install -y curl gcc\n", "apt-no-install-recommends")
    [f] = res.applied
    assert "ca-certificates (recommended by curl" in f.message and "libc6-dev (recommended by gcc" in f.message
    [g] = result("FROM debian:12\nRUN apt-get install -y jq\n", "apt-no-install-recommends").applied
    assert "the fix installs" not in g.message


def test_explain_says_the_finding_names_what_is_added():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "dockfix", "explain", "apt-no-install-recommends"],
                       capture_output=True, text=True, check=True)
    text = " ".join(r.stdout.split())
    assert "the finding names each package added" in text
    assert "xvfb-run" in text and "before that first use" in text


REQ_TEXT = ("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n"
            "COPY requirements.txt .\nRUN pip install -r requirements.txt\n")


def test_a_requirements_file_with_git_ssh_urls_keeps_openssh_client(tmp_path):
    df = write_context(tmp_path, REQ_TEXT, {"requirements.txt": "flask\ngit+ssh://git@github.com/acme/lib.git@v1\n"})
    out = fix(REQ_TEXT, "apt-no-install-recommends", context=tmp_path, path=str(df))
    assert "-y git ca-certificates openssh-client &&" in out
    df = write_context(tmp_path, REQ_TEXT, {"requirements.txt": "flask\nrequests==2.32.0\n"})
    out = fix(REQ_TEXT, "apt-no-install-recommends", context=tmp_path, path=str(df))
    assert "-y git ca-certificates &&" in out


def test_a_requirements_file_with_git_https_urls_is_a_tls_use(tmp_path):
    # (in a shipped stage git keeps ca-certificates anyway: the fact itself is what is checked)
    from dockfix.semantic.model import model_of
    from dockfix.semantic.recommends import requirements_schemes
    from dockfix.syntax.cst import parse

    write_context(tmp_path, REQ_TEXT, {"requirements.txt": "-r base.txt\n",
                                       "base.txt": "git+https://github.com/acme/lib.git@v1#egg=lib\n"})
    model = model_of(parse(REQ_TEXT))
    assert requirements_schemes(model, str(tmp_path), "requirements.txt") == frozenset({"https"})
    # no context (or no such file): no evidence either way
    assert requirements_schemes(model_of(parse(REQ_TEXT)), None, "requirements.txt") == frozenset()
    assert requirements_schemes(model_of(parse(REQ_TEXT)), str(tmp_path), "other.txt") == frozenset()


def test_a_keyserver_fetch_keeps_gnupg_for_gpg_and_dirmngr_on_stretch():
    # gpg only recommends gnupg, which depends on dirmngr: `gpg --recv-keys` fails without it
    recv = "FROM debian:12\nRUN apt-get install -y gpg && gpg --batch --keyserver hkps://k.example --recv-keys AB\n"
    res = result(recv, "apt-no-install-recommends")
    assert "-y gpg gnupg && gpg" in res.output and "gnupg (recommended by gpg" in res.applied[0].message
    dearmor = "FROM debian:12\nRUN apt-get install -y gpg && gpg --dearmor -o /k.gpg /k.asc\n"
    assert "-y gpg && gpg" in fix(dearmor, "apt-no-install-recommends")
    # stretch's gnupg only recommends dirmngr (buster on: a Depends)
    adv = "RUN apt-get install -y gnupg && apt-key adv --keyserver hkp://k.example:80 --recv-keys AB\n"
    assert "-y gnupg dirmngr && apt-key" in fix("FROM debian:stretch\n" + adv, "apt-no-install-recommends")
    assert "-y gnupg && apt-key" in fix("FROM debian:buster\n" + adv, "apt-no-install-recommends")
    # a package that recommends gnupg on a release whose base image ships it (xenial): no addition
    old = "FROM ubuntu:16.04\nRUN apt-get install -y build-essential && gpg --keyserver k --recv-keys AB\n"
    assert "-y build-essential && gpg" in fix(old, "apt-no-install-recommends")


def test_a_requirements_file_is_read_up_to_a_cap(tmp_path):
    # only the head of a huge file is read: a URL past it is no evidence (linear cost, no memory blow-up)
    body = "# pad\n" * 20000 + "git+ssh://git@github.com/acme/lib.git\n"
    df = write_context(tmp_path, REQ_TEXT, {"requirements.txt": body})
    assert "-y git ca-certificates &&" in fix(REQ_TEXT, "apt-no-install-recommends", context=tmp_path, path=str(df))
    df = write_context(tmp_path, REQ_TEXT, {"requirements.txt": body[-200:]})
    assert "-y git ca-certificates openssh-client &&" in fix(REQ_TEXT, "apt-no-install-recommends", context=tmp_path, path=str(df))
