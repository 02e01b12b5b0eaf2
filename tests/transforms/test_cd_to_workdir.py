"""cd-to-workdir beyond a leading cd: moving WORKDIR before directory-free
commands, dropping cds nothing depends on, splitting a RUN at its cds, ENV
variables, redundant WORKDIR pairs, and running before merge-run."""

from __future__ import annotations

import os
import random
import subprocess

import dockerfile
import pytest
from fixcase import assert_fix, assert_noop, findings, fix, refusal, refusals

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import check_text, fix_text


def seq(text: str) -> list[tuple[str, str]]:
    return [(c.cmd.upper(), " ".join(c.value)) for c in dockerfile.parse_string(text)]


_STUBS = r'''
_l(){ builtin printf "%s\n" "$*" >> "$SIMLOG"; case "$*" in *fail*) return 1;; esac; return 0; }
make(){ _l make "$@" "@$PWD"; }
apt-get(){ _l apt-get "$@"; }
rm(){ _l rm "$@"; }
echo(){ _l echo "$@"; }
'''


_DIRS = ["/tmp", "/usr", "/var", "/", "..", ".", "/usr/lib", "/usr/share", "/etc"]


_CMDS = ["make ok", "make fail", "apt-get install -y ok", "apt-get install -y fail", "rm -rf /tmp/zz",
         "rm -rf /tmp/fail", "echo hi", "true", "false", "make -C /tmp", "echo x > /tmp/o"]


def _script(rng):
    parts = ["cd " + rng.choice(_DIRS) if rng.random() < 0.4 else rng.choice(_CMDS)
             for _ in range(rng.randint(2, 6))]
    out = rng.choice(["", "", "set -e; ", "set -e && "]) + parts[0]
    for p in parts[1:]:
        out += rng.choice([" && ", " && ", "; "]) + p
    return out


def _simulate(text, log):
    open(log, "w").close()
    cwd = "/"
    for c in dockerfile.parse_string(text):
        k = c.cmd.upper()
        if k == "WORKDIR":
            cwd = os.path.normpath(os.path.join(cwd, c.value[0]))
        elif k == "RUN":
            r = subprocess.run(["bash", "-c", _STUBS + c.value[0]], cwd=cwd, env={**os.environ, "SIMLOG": log},
                               capture_output=True)
            if r.returncode:
                return "fails", open(log).read()
    return f"passes in {cwd}", open(log).read()


def test_workdir_moves_before_commands_that_do_not_use_the_directory():
    out = fix("FROM debian:12\nRUN apt-get update && apt-get install -y make && cd /src && make\nCMD [\"x\"]\n",
              "cd-to-workdir")
    assert seq(out)[1:] == [("WORKDIR", "/src"), ("RUN", "apt-get update && apt-get install -y make && make"),
                            ("WORKDIR", "/"), ("CMD", "x")]


@pytest.mark.parametrize("prefix", ["wget https://e.com/a.tgz", "pip install -r requirements.txt",
                                    "cp a.conf /etc/", "ls", "git clone https://e.com/r.git",
                                    "echo hi > out.txt", "curl -O https://e.com/a"])
def test_commands_that_use_the_directory_are_not_moved(prefix):
    # they stay in a RUN of their own, in the directory they ran in before
    out = fix(f"FROM debian:12\nRUN {prefix} && cd /src && make\nCMD [\"x\"]\n", "cd-to-workdir")
    assert seq(out)[1:] == [("RUN", prefix), ("WORKDIR", "/src"), ("RUN", "make"), ("WORKDIR", "/"),
                            ("CMD", "x")]


def test_a_cd_nothing_depends_on_is_dropped():
    out = fix("FROM debian:12\nRUN make && cd / && rm -rf /tmp/build ~/.cache\n", "cd-to-workdir")
    assert seq(out)[1:] == [("RUN", "make && rm -rf /tmp/build ~/.cache")]
    out = fix("FROM debian:12\nRUN git clone https://e.com/r.git && cd r && make && cd ..\nCMD [\"x\"]\n",
              "cd-to-workdir")
    assert seq(out)[1:] == [("RUN", "git clone https://e.com/r.git"), ("WORKDIR", "/r"), ("RUN", "make"),
                            ("WORKDIR", "/"), ("CMD", "x")]


def test_split_repeats_a_leading_set_and_keeps_flags():
    text = ("FROM debian:12\nRUN --mount=type=cache,target=/root/.cache set -eux && "
            "curl -fsSLo s.tgz https://e.com/s.tgz && tar xzf s.tgz && cd s && make install\nCMD [\"x\"]\n")
    out = fix(text, "cd-to-workdir")
    runs = [c for c in dockerfile.parse_string(out) if c.cmd.upper() == "RUN"]
    assert [r.value[0] for r in runs] == ["set -eux && curl -fsSLo s.tgz https://e.com/s.tgz && tar xzf s.tgz",
                                          "set -eux && make install"]
    assert all(r.flags == ("--mount=type=cache,target=/root/.cache",) for r in runs)


@pytest.mark.parametrize("run, why", [
    ("wget https://e.com/a && export CC=clang && cd /src && make", "shell state"),
    ("V=1 && wget https://e.com/a && cd /src && make V=$V", "shell state"),
    ("wget https://e.com/a; cd /src && make", "&& chain"),
    ("wget https://e.com/a && cd /src && make & wait", "background"),
    ("cd \"$tmp\" && make", "ENV"),
    ("if [ -d /x ]; then cd /x && make; fi", "subshell, pipeline, condition"),
])
def test_refusals_say_why(run, why):
    text = f"FROM debian:12\nRUN {run}\n"
    assert_noop(text, "cd-to-workdir")
    assert why in refusal(text, "cd-to-workdir")


def test_env_variable_directory_is_kept_as_written():
    text = "FROM debian:12\nENV SRC=/usr/src/app\nRUN cd ${SRC}/build && make\nCOPY x .\n"
    assert seq(fix(text,
                   "cd-to-workdir"))[2:] == [("WORKDIR", "${SRC}/build"), ("RUN", "make"), ("WORKDIR", "/"), ("COPY", "x .")]
    # a build argument may change at build time, and the script may reassign the variable
    text = "FROM debian:12\nARG SRC=/usr/src/app\nRUN cd $SRC && make\n"
    assert "no ENV" in refusal(text, "cd-to-workdir")
    text = "FROM debian:12\nENV SRC=/usr/src/app\nRUN SRC=/tmp && cd $SRC && make\n"
    assert "changes a variable" in refusal(text, "cd-to-workdir")


def test_known_base_image_workdir_and_mirrors():
    out = fix("FROM golang:1.22\nRUN cd src && go build ./...\nCOPY a .\n", "cd-to-workdir")
    assert seq(out)[1:] == [("WORKDIR", "/go/src"), ("RUN", "go build ./..."), ("WORKDIR", "/go"), ("COPY", "a .")]
    out = fix("FROM public.ecr.aws/ubuntu/ubuntu:24.04\nRUN cd /opt && make\nCMD [\"x\"]\n", "cd-to-workdir")
    assert ("WORKDIR", "/") in seq(out)
    text = "FROM registry.example.com/base:1\nRUN cd /opt && make\nCMD [\"x\"]\n"
    assert "unknown" in refusal(text, "cd-to-workdir")


def test_restore_not_needed_before_directory_free_instructions():
    text = ("FROM registry.example.com/base:1 AS build\nRUN cd /src && make\nCOPY out /opt/out\n"
            "RUN apt-get update && apt-get install -y x\nWORKDIR /app\nCMD [\"x\"]\n")
    out = fix(text, "cd-to-workdir")
    assert seq(out)[1:4] == [("WORKDIR", "/src"), ("RUN", "make"), ("COPY", "out /opt/out")]


def test_redundant_workdir_pair_is_dropped_only_when_the_directory_exists():
    out = fix("FROM debian:12\nRUN cd /a && make\nRUN cd /b && make\nCMD [\"x\"]\n", "cd-to-workdir")
    assert seq(out)[1:] == [("WORKDIR", "/a"), ("RUN", "make"), ("WORKDIR", "/b"), ("RUN", "make"),
                            ("WORKDIR", "/"), ("CMD", "x")]
    # /new may not exist: its WORKDIR creates it, so it stays
    text = "FROM debian:12\nWORKDIR /new\nWORKDIR /app\nCMD [\"x\"]\n"
    assert_noop(text, "cd-to-workdir")


def test_runs_before_merge_run():
    # merged first, the cd would end up in a subshell that cd-to-workdir cannot touch
    out = fix("FROM debian:12\nRUN cd /src && make\nRUN make install\nCMD [\"x\"]\n", "cd-to-workdir,merge-run")
    assert seq(out)[1:] == [("WORKDIR", "/src"), ("RUN", "make"), ("WORKDIR", "/"), ("RUN", "make install"),
                            ("CMD", "x")]


def test_comment_where_the_run_would_be_cut_is_refused():
    text = "FROM debian:12\nRUN wget https://e.com/s.tgz && cd s && \\\n    # build\n    make\n"
    assert_noop(text, "cd-to-workdir")
    assert "comment" in refusal(text, "cd-to-workdir")


def test_a_split_that_grows_the_image_is_refused_unless_the_option_allows_it():
    text = "FROM debian:12\nRUN git clone https://e.com/r.git && cd r && make && cd .. && rm -rf r/.git\nCMD [\"x\"]\n"
    grow = {"cd-workdir-allow-growth": "true"}
    assert seq(fix(text, "cd-to-workdir", options=grow))[1:] == [
        ("RUN", "git clone https://e.com/r.git"), ("WORKDIR", "/r"), ("RUN", "make"),
        ("WORKDIR", "/"), ("RUN", "rm -rf r/.git"), ("CMD", "x")]
    settings = Settings(select=("cd-to-workdir",), unsafe_fixes=True, options=grow)
    msgs = [f.fix.message for f in check_text(text, None, settings).remaining if f.fix]
    assert msgs and "image grows" in msgs[0] and "rm" in msgs[0]
    # the finding says it too: the text output shows findings, not fix messages
    assert ["image grows" in f.message for f in check_text(text, None, settings).remaining] == [True]
    off = Settings(select=("cd-to-workdir",), unsafe_fixes=True)  # the default: install -> build -> purge stays one RUN
    assert fix_text(text, None, off).output == text
    refused = [f.refused for f in check_text(text, None, off).remaining if f.refused]
    assert refused and "grow" in refused[0] and "cd-workdir-allow-growth" in refused[0]
    # git checkout rewrites the clone: never split from the clone, whatever the option
    text = "FROM debian:12\nRUN ./prep.sh && git clone https://e.com/r.git /r && cd /r && git checkout v1 && make\n"
    assert fix_text(text, None, off).output == text
    assert fix_text(text, None, settings).output == text
    refused = [f.refused for f in check_text(text, None, settings).remaining if f.refused]
    assert refused and "git clone" in refused[0] and "git checkout" in refused[0]


@pytest.mark.parametrize("cmd, free", [
    ("mktemp -d", True), ("mktemp foo.XXXX", False), ("mktemp -d -t x.XXX", True),
    ("gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys ABCDEF0123", True),
    ("gpg --batch --verify python.tar.xz.asc python.tar.xz", False),
    ("gpg --dearmor -o /usr/share/keyrings/x.gpg", True), ("gpg --dearmor -o x.gpg", False),
    ("apt-mark auto '.*'", True), ("pecl install redis", True), ("pecl install ./redis.tgz", False),
])
def test_commands_before_a_cd_move_only_when_they_do_not_use_the_directory(cmd, free):
    out = fix(f"FROM debian:12\nRUN {cmd} && cd /src && make\nCMD [\"x\"]\n", "cd-to-workdir")
    if free:
        assert seq(out)[1:3] == [("WORKDIR", "/src"), ("RUN", f"{cmd} && make")]
    else:
        assert seq(out)[1:4] == [("RUN", cmd), ("WORKDIR", "/src"), ("RUN", "make")]


def test_dropping_a_cd_keeps_the_weaker_separator():
    # `a; cd d && b`: b ran whatever a did, so the join must stay `;`
    out = fix("FROM debian:12\nRUN false; cd /tmp && rm -rf /tmp/x\n", "cd-to-workdir")
    assert seq(out)[1:] == [("RUN", "false; rm -rf /tmp/x")]
    out = fix("FROM debian:12\nRUN apt-get update && cd /opt; rm -rf /tmp/y\n", "cd-to-workdir")
    assert seq(out)[1:] == [("RUN", "apt-get update; rm -rf /tmp/y")]
    # a final `; cd` makes the RUN pass whatever came before: it cannot simply go
    text = "FROM debian:12\nRUN cd /src && make; cd /\nCMD [\"x\"]\n"
    assert_noop(text, "cd-to-workdir")
    assert "fail" in refusal(text, "cd-to-workdir")


def test_semicolon_split_needs_set_e_and_a_lone_command_before_it():
    text = "FROM debian:12\nRUN set -ex; wget https://e.com/a.tgz; tar xzf a.tgz; cd a; ./configure; make install\n"
    runs = [r for r in seq(fix(text, "cd-to-workdir")) if r[0] == "RUN"]
    assert runs == [("RUN", "set -ex; wget https://e.com/a.tgz; tar xzf a.tgz"),
                    ("RUN", "set -ex; ./configure; make install")]
    text = "FROM debian:12\nRUN set -o errexit; tar xzf a.tgz; cd a; make\n"
    assert [r for r in seq(fix(text, "cd-to-workdir")) if r[0] == "RUN"] == [("RUN", "set -o errexit; tar xzf a.tgz"),
                                                            ("RUN", "set -o errexit; make")]
    for run, why in [
        ("tar xzf a.tgz; cd a; make install", "no `set -e`"),  # tar failing was ignored
        ("set -e; set +e; tar xzf a.tgz; cd a; make", "no `set -e`"),
        # `a && b; cd`: a failing ends the chain early and set -e does not stop the script
        ("set -e; wget https://e.com/a.tgz && tar xzf a.tgz; cd a; make", "ends an && chain"),
        # a cut inside an && chain that a `;` follows: the chain's failure was ignored
        ("set -e; tar xzf a.tgz && cd a && make; echo done", "&& chain"),
    ]:
        text = f"FROM debian:12\nRUN {run}\n"
        assert fix(text, "cd-to-workdir") == text, run
        assert why in refusal(text, "cd-to-workdir"), run
    # a cut inside the last && chain is fine without set -e: both fail exactly when that chain fails
    out = fix("FROM debian:12\nRUN wget https://e.com/a.tgz; tar xzf a.tgz && cd a && make install\n", "cd-to-workdir")
    assert [r for r in seq(out) if r[0] == "RUN"] == [("RUN", "wget https://e.com/a.tgz; tar xzf a.tgz"),
                                                      ("RUN", "make install")]


def test_a_redirection_inside_the_chain_stays_with_its_command():
    # tree-sitter reads `a && b >> f && cd /` as the redirection of `a && b`
    out = fix("FROM debian:12\nRUN make && cat a.pem >> /etc/ssl/x.pem && cd / && rm -rf /tmp/x\n", "cd-to-workdir")
    assert seq(out)[1:] == [("RUN", "make && cat a.pem >> /etc/ssl/x.pem && rm -rf /tmp/x")]
    out = fix("FROM debian:12\nRUN cd /src && ./configure > /tmp/log && make && cd / && rm -rf /tmp/log\n"
              "CMD [\"x\"]\n", "cd-to-workdir")
    assert seq(out)[1:] == [("WORKDIR", "/src"), ("RUN", "./configure > /tmp/log && make && rm -rf /tmp/log"),
                            ("WORKDIR", "/"), ("CMD", "x")]
    # a relative target depends on the directory
    text = "FROM debian:12\nRUN make && cat a >> out.txt && cd /x && make install\nCMD [\"x\"]\n"
    out = fix(text, "cd-to-workdir")
    assert seq(out)[1] == ("RUN", "make && cat a >> out.txt")


@pytest.mark.parametrize("mount, why", [
    # each RUN of a split gets a fresh tmpfs: the sources downloaded by the first are gone in the second
    ("--mount=type=tmpfs,target=/tmp", "the --mount=type=tmpfs"),
    ("--mount=type=bind,target=/tmp,rw", "the --mount=type=bind"),
    ("--mount=type=cache,target=/tmp", "the --mount=type=cache"),
])
def test_no_workdir_inside_a_mount_and_no_split_through_one(mount, why):
    text = f"FROM debian:12\nRUN {mount} cd /tmp && wget https://e.com/s.tgz && tar xzf s.tgz && cd s && make install\n"
    assert_noop(text, "cd-to-workdir")
    assert why in refusal(text, "cd-to-workdir")


def test_split_with_mounts_the_parts_do_not_share():
    text = ("FROM debian:12\nRUN --mount=type=cache,target=/root/.cache/pip "
            "git clone https://e.com/r.git /src && cd /src && pip install .\nCMD [\"x\"]\n")
    runs = [c for c in dockerfile.parse_string(fix(text, "cd-to-workdir")) if c.cmd.upper() == "RUN"]
    assert [r.value[0] for r in runs] == ["git clone https://e.com/r.git /src && pip install ."]
    # the first part passes the archive to the second through the tmpfs
    text = ("FROM debian:12\nRUN --mount=type=tmpfs,target=/tmp "
            "wget -O /tmp/s.tgz https://e.com/s.tgz && tar xzf /tmp/s.tgz && cd s && make\nCMD [\"x\"]\n")
    assert_noop(text, "cd-to-workdir")
    assert "tmpfs" in refusal(text, "cd-to-workdir")
    text = ("FROM debian:12\nRUN --mount=type=cache,target=/var/cache/dl "
            "wget -O /var/cache/dl/s.tgz https://e.com/s.tgz && tar xzf /var/cache/dl/s.tgz && cd s && make\n"
            "CMD [\"x\"]\n")
    assert_noop(text, "cd-to-workdir")
    assert "cache" in refusal(text, "cd-to-workdir")


@pytest.mark.parametrize("cmd, moved", [
    ("mkdir /src", False),  # mkdir: cannot create directory '/src': File exists
    ("mv /tmp/x /src", False), ("cp -r /usr/share/x /src", False),  # x would land inside /src
    ("ln -s /usr/lib /src", False), ("useradd -m -d /src bob", False),
    ("mkdir -p /src", True), ("git clone https://e.com/r.git /src", True), ("chown 1000 /src", True),
    ("mkdir /opt", False),  # a parent of the new WORKDIR
    ("mkdir /src/build", True),  # inside it: the WORKDIR made its parent
])
def test_commands_that_make_the_new_workdir_are_not_moved_after_it(cmd, moved):
    out = fix(f"FROM debian:12\nRUN {cmd} && cd {'/opt/src' if cmd == 'mkdir /opt' else '/src'} && make\n"
              "CMD [\"x\"]\n", "cd-to-workdir")
    assert (seq(out)[1][0] == "WORKDIR") == moved, out


def test_an_account_home_is_not_made_ahead_of_useradd():
    out = fix("FROM debian:12\nRUN useradd -m bob && cd /home/bob && make\nCMD [\"x\"]\n", "cd-to-workdir")
    assert seq(out)[1:4] == [("RUN", "useradd -m bob"), ("WORKDIR", "/home/bob"), ("RUN", "make")]


def test_nothing_moves_after_a_workdir_under_a_non_root_user():
    out = fix("FROM debian:12\nUSER 1000\nRUN git clone https://e.com/r.git /home/u/r && cd /home/u/r && make\n"
              "CMD [\"x\"]\n", "cd-to-workdir")
    assert seq(out)[2:5] == [("RUN", "git clone https://e.com/r.git /home/u/r"), ("WORKDIR", "/home/u/r"),
                             ("RUN", "make")]


@pytest.mark.parametrize("run", [
    "make && cd .. && rm -rf build",  # relative: /tmp/build
    "make && cd .. && rm -rf bui*",  # a glob that matches it
    "make && cd / && rm -rf /tmp/build && ls",  # absolute
    "make && cd / && mv /tmp/build /opt/b && ls",
    "make && cd / && rm -rf /tmp/b${X}d && ls",
    "make && cd / && rm -rf $DIR && ls",
])
def test_no_restoring_workdir_to_a_directory_the_run_deleted(run):
    # `WORKDIR /tmp/build` after the RUN would make the deleted directory again
    text = f"FROM debian:12\nWORKDIR /tmp/build\nRUN {run}\nCMD [\"x\"]\n"
    grow = {"cd-workdir-allow-growth": "true"}
    assert_noop(text, "cd-to-workdir", options=grow)
    assert "delete the previous WORKDIR /tmp/build" in refusal(text, "cd-to-workdir", options=grow)


@pytest.mark.parametrize("rest", ["rm -rf other", "mv x/* build/", "rm -f app-${V}.tgz other",
                                  "rm -rf buildx"])
def test_restore_kept_when_the_run_deletes_something_else(rest):
    out = fix(f"FROM debian:12\nWORKDIR /tmp/build\nRUN make && cd .. && {rest}\nCMD [\"x\"]\n", "cd-to-workdir",
              options={"cd-workdir-allow-growth": "true"})
    assert seq(out)[1:] == [("WORKDIR", "/tmp/build"), ("RUN", "make"), ("WORKDIR", "/tmp"),
                            ("RUN", rest), ("WORKDIR", "/tmp/build"), ("CMD", "x")]


def test_cdpath_makes_a_relative_cd_unknown():
    text = "FROM debian:12\nENV CDPATH=/opt\nRUN cd src && make\n"
    assert_noop(text, "cd-to-workdir")
    assert "CDPATH" in refusal(text, "cd-to-workdir")
    # an absolute cd does not use CDPATH
    out = fix("FROM debian:12\nENV CDPATH=/opt\nRUN cd /src && make\n", "cd-to-workdir")
    assert seq(out)[2:] == [("WORKDIR", "/src"), ("RUN", "make"), ("WORKDIR", "/")]


@pytest.mark.parametrize("arg", ["ARG B=base", "ARG B"])
def test_restore_for_a_stage_built_from_through_an_arg(arg):
    # the later stage starts in this stage's last WORKDIR
    text = (f"{arg}\nFROM debian:12 AS base\nRUN apt-get update && cd /src && make\n"
            "FROM debian:12 AS other\nRUN true\nFROM ${B}\nRUN make install\n")
    out = fix(text, "cd-to-workdir")
    assert seq(out)[2:5] == [("WORKDIR", "/src"), ("RUN", "apt-get update && make"), ("WORKDIR", "/")], out


@pytest.mark.parametrize("kind", ["bind,source=.", "tmpfs", "cache"])
def test_no_workdir_at_a_mount_target(kind):
    # BuildKit removes the empty mount point it made for the RUN; a WORKDIR's directory would stay
    text = f"FROM debian:12\nRUN --mount=type={kind},target=/src cd /src && make install\n"
    assert_noop(text, "cd-to-workdir")
    assert "is the target of the --mount" in refusal(text, "cd-to-workdir")


@pytest.mark.parametrize("mk", ["mkdir -p --mode=700 /data", "mkdir -pm700 /data",
                                "install -d --mode=700 /data", "install -d --owner=nobody /data"])
def test_mkdir_with_a_mode_is_not_moved_after_the_workdir(mk):
    # WORKDIR /data first would make it 0755 and `mkdir -p -m` leaves an existing directory's mode alone
    out = fix(f"FROM debian:12\nRUN {mk} && cd /data && make\nCMD [\"x\"]\n", "cd-to-workdir")
    assert seq(out)[1:3] == [("RUN", mk), ("WORKDIR", "/data")]


def test_no_restoring_workdir_to_a_directory_an_earlier_run_deleted():
    text = ("FROM debian:12\nWORKDIR /tmp/build\nRUN make && rm -rf /tmp/build\nRUN cd /app && make\n"
            "CMD [\"x\"]\n")
    assert_noop(text, "cd-to-workdir")
    assert "earlier RUN may delete the previous WORKDIR /tmp/build" in refusal(text, "cd-to-workdir")
    # a WORKDIR after the deletion made it again: restoring is fine
    out = fix("FROM debian:12\nRUN rm -rf /app\nWORKDIR /app\nRUN cd /x && make\nCMD [\"x\"]\n", "cd-to-workdir")
    assert seq(out)[3:] == [("WORKDIR", "/x"), ("RUN", "make"), ("WORKDIR", "/app"), ("CMD", "x")]


@pytest.mark.parametrize("rm", ["rm -rf /tmp/build", "rm -rf $DIR", "cd / && rm -rf tmp"])
def test_a_workdir_that_makes_a_deleted_directory_again_is_not_redundant(rm):
    text = f"FROM debian:12\nWORKDIR /tmp/build\nRUN make && {rm}\nWORKDIR /tmp/build\nWORKDIR /app\n"
    out = fix(text, "cd-to-workdir")
    assert ("WORKDIR", "/tmp/build") in seq(out)[3:], out
    # nothing deleted it: dropped
    out = fix("FROM debian:12\nWORKDIR /tmp/build\nRUN make\nWORKDIR /tmp/build\nWORKDIR /app\n", "cd-to-workdir")
    assert seq(out)[3:] == [("WORKDIR", "/app")]


@pytest.mark.parametrize("rm", ["rm -rf /src", "mv /src /old", "cd / && rm -rf src"])
def test_a_cd_into_a_directory_made_again_is_kept(rm):
    # the WORKDIR is /src, but the RUN deletes it and clones it again: `cd /src` enters the new
    # directory; dropping it would run make in the deleted one
    text = f"FROM debian:12\nWORKDIR /src\nRUN {rm} && git clone https://e.com/r.git /src && cd /src && make\n"
    out = fix(text, "cd-to-workdir")
    assert seq(out)[-2:] == [("WORKDIR", "/src"), ("RUN", "make")], out


@pytest.mark.parametrize("prefix", [
    "apt-key add key.gpg",  # reads ./key.gpg
    "pecl install redis-5.3.7.tgz",  # a local package file
    "apt-get update && apt-get download libfoo",  # writes the .deb into the directory
    "apt-get source nginx",
    "yum install -y --downloadonly --downloaddir=pkgs x",
    'curl -F "file=@data.json" https://e.com/up',  # uploads ./data.json
    "curl --trace trace.log https://e.com",
    "tar -czf /o.tgz -C / --files-from=list.txt",
])
def test_more_commands_that_use_the_directory_are_not_moved(prefix):
    out = fix(f"FROM debian:12\nRUN {prefix} && cd /src && make\nCMD [\"x\"]\n", "cd-to-workdir")
    assert seq(out)[1:] == [("RUN", prefix), ("WORKDIR", "/src"), ("RUN", "make"), ("WORKDIR", "/"),
                            ("CMD", "x")]


@pytest.mark.parametrize("prefix", ["apt-key add /tmp/key.gpg", "pecl install redis", "locale-gen en_US.UTF-8",
                                    "curl -fsSL -F name=x https://e.com/up -o /tmp/r"])
def test_commands_with_absolute_or_no_files_still_move(prefix):
    out = fix(f"FROM debian:12\nRUN {prefix} && cd /src && make\nCMD [\"x\"]\n", "cd-to-workdir")
    assert seq(out)[1:3] == [("WORKDIR", "/src"), ("RUN", f"{prefix} && make")]


@pytest.mark.parametrize("start", ["service mysql start", "/etc/init.d/postgresql start",
                                   "redis-server --daemonize yes", "pg_ctl -D /db -w start"])
def test_no_split_after_starting_a_server(start):
    # the next RUN of a split starts with no server running: `mysql < schema.sql` would fail
    text = f"FROM debian:12\nRUN {start} && cd /app && mysql < schema.sql\n"
    assert_noop(text, "cd-to-workdir")
    assert "service started" in refusal(text, "cd-to-workdir")


def test_a_package_install_is_not_moved_after_a_workdir_it_may_make():
    # postgresql's postinst adds the postgres account with home /var/lib/postgresql; made by
    # WORKDIR first, adduser leaves it owned by root
    out = fix("FROM debian:12\nRUN apt-get update && apt-get install -y postgresql && cd /var/lib/postgresql "
              "&& ls > /x\nCMD [\"x\"]\n", "cd-to-workdir")
    assert seq(out)[1:3] == [("RUN", "apt-get update && apt-get install -y postgresql"),
                             ("WORKDIR", "/var/lib/postgresql")]
    # a directory no package makes: moved as before
    out = fix("FROM debian:12\nRUN apt-get update && apt-get install -y make && cd /usr/src/app && make\n",
              "cd-to-workdir")
    assert seq(out)[1:3] == [("WORKDIR", "/usr/src/app"), ("RUN", "apt-get update && apt-get install -y make && make")]


@pytest.mark.parametrize("change", ["D+=/sub;", "printf -v D '%s' /other &&", "mapfile -t D < /list &&"])
def test_a_directory_variable_the_script_changes_is_refused(change):
    text = f"FROM debian:12\nENV D=/src\nRUN {change} cd $D && make\n"
    assert_noop(text, "cd-to-workdir")
    assert "changes a variable" in refusal(text, "cd-to-workdir")


@pytest.mark.parametrize("run", [
    # make runs in / when the install fails (the cd is skipped), in /usr/lib when it passes
    "apt-get install -y x && cd /usr/lib; make",
    "set -e && rm -rf /tmp/x && cd /usr; make && make install",
    # under set -e, `false && cd d;` goes on where `false;` would stop
    "set -e; cd /etc && false && cd /usr/share; cd /tmp && apt-get install -y x",
])
def test_a_cd_that_may_not_run_before_a_semicolon_is_refused(run):
    text = f"FROM debian:12\nRUN {run}\nCMD [\"x\"]\n"
    assert_noop(text, "cd-to-workdir")
    assert "`;`" in refusal(text, "cd-to-workdir")


def test_a_conditional_cd_before_commands_that_do_not_care_is_dropped():
    out = fix("FROM debian:12\nRUN make && cd / && rm -rf /src; rm -rf /tmp/*\n", "cd-to-workdir")
    assert seq(out)[1:] == [("RUN", "make && rm -rf /src; rm -rf /tmp/*")]


@pytest.mark.parametrize("run", ["make && cd /tmp 2>/dev/null && rm -rf /x",  # was `make 2>/dev/null && ...`
                                 "make && cd /tmp 2>/dev/null && make install",
                                 "make && cd /tmp > cd.log && make install"])  # the redirection makes cd.log
def test_a_redirected_cd_inside_a_chain_is_refused(run):
    text = f"FROM debian:12\nRUN {run}\n"
    assert_noop(text, "cd-to-workdir")
    assert "redirected cd" in refusal(text, "cd-to-workdir")


@pytest.mark.parametrize("seed, before", [(16, ""), (12, "WORKDIR /usr\n"), (21, "WORKDIR /usr\n")])
def test_fixed_scripts_run_like_the_original(seed, before, tmp_path):
    rng = random.Random(seed)
    log = str(tmp_path / "log")
    changed = 0
    for _ in range(120):
        text = f"FROM debian:12\n{before}RUN {_script(rng)}\nRUN make last\n"
        out = fix(text, "cd-to-workdir")
        if out != text:
            changed += 1
            assert _simulate(out, log) == _simulate(text, log), (text, out)
    assert changed > 20


@pytest.mark.parametrize("first", ["cd /usr && ", "cd /etc && cd /usr && ", "cd /usr; "])
def test_commands_after_leading_cds_nothing_depends_on_are_kept(first):
    # the commands between a dropped cd and the next one were lost (apt-get deleted)
    out = fix(f"FROM debian:12\nRUN {first}cd / && apt-get install -y x && cd /etc && make\n", "cd-to-workdir")
    assert ("RUN", "apt-get install -y x") in seq(out), out
    assert seq(out)[-3:] == [("WORKDIR", "/etc"), ("RUN", "make"), ("WORKDIR", "/")]


def test_cd_to_workdir_restores_previous_directory():
    text = "FROM debian:12\nWORKDIR /app\nRUN cd /src && make\nCOPY . .\n"
    out = fix(text, "cd-to-workdir")
    cmds = [(c.cmd, c.value) for c in dockerfile.parse_string(out)]
    assert cmds == [("FROM", ("debian:12",)), ("WORKDIR", ("/app",)), ("WORKDIR", ("/src",)),
                    ("RUN", ("make",)), ("WORKDIR", ("/app",)), ("COPY", (".", "."))]


def test_cd_to_workdir_refuses_relative_dir_with_unknown_base():
    text = "FROM registry.example.com/team/builder:1\nRUN cd src && go build\n"
    assert_noop(text, "cd-to-workdir")
    assert "unknown" in findings(text, "cd-to-workdir")[0].refused


@pytest.mark.parametrize("run", ["cd $DIR && make", "cd - && ls", "cd && ls", "(cd /x && make)",
                                 "wget https://e.com/a && export A=1 && cd /x && ls",
                                 "--mount=type=tmpfs,target=/tmp cd /tmp/s && make",
                                 "make; cd /x && ls", "make & cd /x && ls", "cd /only", "cd -P /x && ls"])
def test_cd_to_workdir_refusals(run):
    text = f"FROM debian:12\nRUN {run}\n"
    assert_noop(text, "cd-to-workdir")


def test_leading_cd_becomes_workdir():
    assert_fix("FROM debian:12\nRUN cd /src && make\n", "FROM debian:12\nWORKDIR /src\nRUN make\nWORKDIR /\n",
               "cd-to-workdir")


# -- value judgment (issue 16) ---------------------------------------------------------------------

def test_builder_stage_is_left_alone_and_the_shipped_stage_is_fixed():
    text = ("FROM debian:12 AS build\nRUN cd /src && make\n"
            "FROM debian:12\nCOPY --from=build /src/app /app\nRUN cd /opt && ./setup.sh\nCMD [\"x\"]\n")
    out = fix(text, "cd-to-workdir")
    assert "RUN cd /src && make\n" in out
    assert "WORKDIR /opt\nRUN ./setup.sh\nWORKDIR /\n" in out
    assert any("builder stage" in r for r in refusals(text, "cd-to-workdir"))


def test_consecutive_runs_into_one_directory_get_one_normalised_workdir():
    text = ("FROM debian:12\nRUN cd /opt/app/ && ./a.sh\nRUN cd /opt/app && ./b.sh\n"
            "RUN cd /opt/./app && ./c.sh\nCMD [\"x\"]\n")
    out = fix(text, "cd-to-workdir")
    assert seq(out)[1:] == [("WORKDIR", "/opt/app"), ("RUN", "./a.sh"), ("RUN", "./b.sh"), ("RUN", "./c.sh"),
                            ("WORKDIR", "/"), ("CMD", "x")]


def test_a_users_own_repeated_workdir_is_not_touched():
    assert_noop("FROM debian:12\nWORKDIR /app\nRUN ./a.sh\nWORKDIR /app\nRUN ./b.sh\n", "cd-to-workdir")


@pytest.mark.parametrize("run", ["cd /tmp/b && make && cd / && rm -rf /tmp/b",
                                 "cd /tmp/b && make && cd .. && rm -rf b"])
def test_no_workdir_for_a_directory_the_run_deletes(run):
    text = f"FROM debian:12\nRUN {run}\nCMD [\"x\"]\n"
    assert_noop(text, "cd-to-workdir", options={"cd-workdir-allow-growth": "true"},
                refused="a WORKDIR would make a directory that is then removed")


def test_install_build_purge_stays_one_run_by_default():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y gcc && cd /src && make install "
            "&& apt-get purge -y gcc\nCMD [\"x\"]\n")
    out = seq(fix(text, "cd-to-workdir"))
    assert [v for k, v in out if k == "RUN"] == [
        "apt-get update && apt-get install -y gcc && make install && apt-get purge -y gcc"]
    # with a part that depends on the directory before the cd, it would be a split: refused
    text = text.replace("apt-get update &&", "./fetch.sh && apt-get update &&")
    assert_noop(text, "cd-to-workdir", refused="cd-workdir-allow-growth is false")


# -- issue 16 review: no two identical WORKDIRs close together ------------------------------------------------

_LATER_SAME = ("FROM debian:12\nCOPY app /usr/share/app\nRUN mkdir -p /etc/app && \\\n    cd /usr/share/app/ && \\\n"
               "    rm -rf tests\nEXPOSE 8080\n\nWORKDIR /usr/share/app\nCOPY entrypoint.sh /usr/bin/\n"
               'CMD ["/usr/bin/entrypoint.sh"]\n')


def test_a_later_identical_workdir_moves_up_instead_of_repeating():
    # `/usr/share/app/` and `/usr/share/app` are one directory
    assert_fix(_LATER_SAME, "FROM debian:12\nCOPY app /usr/share/app\nWORKDIR /usr/share/app\n"
                            "RUN mkdir -p /etc/app && \\\n    rm -rf tests\nEXPOSE 8080\n\n"
                            'COPY entrypoint.sh /usr/bin/\nCMD ["/usr/bin/entrypoint.sh"]\n', "cd-to-workdir")


@pytest.mark.parametrize("change, why", [
    (("EXPOSE 8080", "USER app"), "the USER on line 6"),
    (("\nWORKDIR", "\n# the app\nWORKDIR"), "comment lines"),
    (("EXPOSE 8080", "RUN rm -rf /usr/share/app"), "may delete /usr/share/app"),
])
def test_a_later_identical_workdir_that_cannot_move_refuses(change, why):
    assert_noop(_LATER_SAME.replace(*change), "cd-to-workdir", refused=why)


def test_consecutive_runs_with_one_cd_get_one_workdir():
    # wget-progress edits the first RUN first: its cd-to-workdir fix comes a round later
    text = ("FROM debian:12\nRUN cd /tmp ; wget http://example.com/tool-1.0.tar.gz\nRUN cd /tmp ; tar zxvf tool-1.0.tar.gz\n"
            "RUN cd /tmp/tool-1.0 ; ./configure\nRUN cd /tmp/tool-1.0 ; make install\nCMD [\"tool\"]\n")
    assert_fix(text, "FROM debian:12\nWORKDIR /tmp\nRUN wget --progress=dot:giga http://example.com/tool-1.0.tar.gz\n"
                     "RUN tar zxvf tool-1.0.tar.gz\nWORKDIR /tmp/tool-1.0\nRUN ./configure\nRUN make install\n"
                     "WORKDIR /\nCMD [\"tool\"]\n", "cd-to-workdir,wget-progress")


def test_the_back_and_forth_pair_goes_when_the_second_has_a_comment():
    text = ("FROM debian:12\nRUN cd /usr/local/ && curl -LO https://example.com/sdk.tgz && tar xf sdk.tgz\n\n"
            "# Install the build tool\nRUN cd /usr/local/ && curl -LO https://example.com/tool.zip && unzip -o tool.zip\n\n"
            "ENV PATH=$PATH:/usr/local/tool/bin\nRUN tool --version\n")
    assert_fix(text, "FROM debian:12\nWORKDIR /usr/local\nRUN curl -LO https://example.com/sdk.tgz && tar xf sdk.tgz\n\n"
                     "# Install the build tool\nRUN curl -LO https://example.com/tool.zip && unzip -o tool.zip\n"
                     "WORKDIR /\n\nENV PATH=$PATH:/usr/local/tool/bin\nRUN tool --version\n", "cd-to-workdir")


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_a_last_identical_workdir_moves_up_without_trailing_blank_lines(nl):
    text = nl.join(["FROM debian:12", "COPY src /src", "RUN cd /src && ./configure", "", "", "WORKDIR /src", ""])
    assert_fix(text, nl.join(["FROM debian:12", "COPY src /src", "WORKDIR /src", "RUN ./configure", ""]),
               "cd-to-workdir")
