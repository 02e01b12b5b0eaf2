"""apt-lists-cleanup: Delete the apt package lists at the end of the RUN that ran apt-get update."""

from __future__ import annotations

import pytest
from fixcase import assert_fix, assert_noop, findings, fix, refusals, result


@pytest.mark.parametrize("later", [
    "$APT install curl",               # the command name is a variable
    "${APT_GET} install -y curl",
])
def test_lists_kept_when_a_later_command_name_is_a_variable(later):
    text = f'FROM debian:12\nARG APT="apt-get -y"\nRUN apt-get update && apt-get install -y a\nRUN {later}\n'
    # never a safe fix: the later install would find no lists
    assert_noop(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    assert_noop(text, "apt-lists-cleanup", path="Dockerfile")
    assert any("line 4" in r for r in refusals(text, "apt-lists-cleanup", path="Dockerfile"))


@pytest.mark.parametrize("later", [
    "xargs apt-get install -y < /pkgs.txt",
    "eatmydata apt-get install -y curl",
    "timeout 600 apt-get -y install curl",
])
def test_lists_wrapped_later_install_gets_its_own_update(later):
    text = f"FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN {later}\n"
    assert_noop(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    out = fix(text, "apt-lists-cleanup", path="Dockerfile")
    last = out.splitlines()[2]
    # either the later RUN updates first, or nothing is removed
    assert last.startswith("RUN apt-get update && ") or "rm -rf" not in out.splitlines()[1]


def test_lists_conditional_update_in_a_later_run_does_not_count():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y a\n"
            'RUN if [ -n "$X" ]; then apt-get update; fi && apt-get install -y b\n')
    assert fix(text, "apt-lists-cleanup", unsafe=False,
               path="Dockerfile").splitlines()[1] == "RUN apt-get update && apt-get install -y a"


def test_lists_no_update_prefix_for_a_run_under_a_non_root_user():
    # `apt-get download` works as app with the lists; an added `apt-get update` fails (permission denied)
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y git\nUSER app\n"
            "RUN apt-get download hello\n")
    assert_noop(text, "apt-lists-cleanup", path="Dockerfile")
    assert any("USER app" in r for r in refusals(text, "apt-lists-cleanup", path="Dockerfile"))


def test_lists_update_and_install_in_one_branch_need_no_prefix():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y a\n"
            "RUN if [ \"$X\" = true ]; then \\\n    apt-get update \\\n    && apt-get install -y b \\\n;fi\n")
    out = fix(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    assert out.splitlines()[1] == "RUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*"
    assert "RUN if" in out


def test_lists_command_named_by_a_known_non_apt_variable_is_fine():
    text = ("FROM debian:12\nARG PIP=pip3\nRUN apt-get update && apt-get install -y python3-pip\n"
            "RUN ${PIP} install requests\n")
    out = fix(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    assert out.splitlines()[2].endswith("&& rm -rf /var/lib/apt/lists/*")


@pytest.mark.parametrize("head", ["FROM ubuntu:22.04\nUSER app\n", "FROM cimg/base:2024.01\n"])
def test_lists_removed_through_sudo_when_the_update_ran_through_sudo(head):
    # as a non-root user a bare `rm -rf /var/lib/apt/lists/*` fails: Permission denied
    text = head + "RUN sudo apt-get update && sudo -E apt-get install -y git\n"
    out = fix(text, "apt-lists-cleanup", path="Dockerfile")
    assert out == head + "RUN sudo apt-get update && sudo -E apt-get install -y git && sudo rm -rf /var/lib/apt/lists/*\n"


def test_lists_update_prefix_through_sudo_for_a_sudo_install():
    text = ("FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y sudo\nUSER app\n"
            "RUN sudo apt-get install -y git\n")
    out = fix(text, "apt-lists-cleanup", path="Dockerfile")
    assert out.splitlines()[3].startswith("RUN sudo apt-get update && sudo apt-get install -y git")


def test_lists_a_stage_that_may_be_built_from_this_one_counts():
    # a stage whose FROM names this one only with a --build-arg
    text = ("ARG V\nFROM debian:12 AS base-prod\nRUN apt-get update && apt-get install -y a\nFROM base-${V}\n"
            "RUN apt-get install -y b\n")
    assert_noop(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    assert fix(text, "apt-lists-cleanup",
               path="Dockerfile").splitlines()[-1].startswith("RUN apt-get update && apt-get install -y b")


@pytest.mark.parametrize("text", [
    # the lists taken out of the stage by a mount or a COPY
    "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y a\nFROM debian:12\n"
    "RUN --mount=type=bind,from=base,source=/var/lib/apt/lists,target=/var/lib/apt/lists apt-get install -y b\n",
    "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y a\nFROM debian:12\n"
    "COPY --from=base /var/lib/apt/lists /var/lib/apt/lists\nRUN apt-get install -y b\n",
])
def test_lists_kept_for_stages_that_may_use_them(text):
    out = fix(text, "apt-lists-cleanup", path="Dockerfile")
    assert "RUN apt-get update && apt-get install -y a\n" in out
    assert "apt-get install -y a && rm" not in out


def test_lists_removed_when_an_unknown_from_cannot_name_the_stage():
    text = ("ARG REGISTRY\nFROM debian:12 AS base\nRUN apt-get update && apt-get install -y a\n"
            "FROM ${REGISTRY}/tools:1\nRUN apt-get install -y b\n")
    assert "apt-get install -y a && rm -rf /var/lib/apt/lists/*" in fix(text, "apt-lists-cleanup", unsafe=False,
                                                                        path="Dockerfile")


def test_lists_tool_under_a_variable_folder_is_not_apt():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
            "RUN $HOME/.poetry/bin/poetry install\n")
    assert "&& rm -rf /var/lib/apt/lists/*" in fix(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")


def test_lists_kept_when_a_later_run_installs_without_update():
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y curl\n"
    # never a safe fix: the later install would fail
    assert_noop(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    # unsafe: the later RUN gets its own update (and then its own clean-up)
    out = result(text, "apt-lists-cleanup", path="Dockerfile").output
    assert out == ("FROM debian:12\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\n"
                   "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n")


def test_a_bare_update_for_the_next_run_moves_into_it():
    text = "FROM debian:12\n# refresh\nRUN apt-get update\nRUN apt-get install -y curl\n"
    out = result(text, "apt-lists-cleanup", path="Dockerfile").output
    assert out == ("FROM debian:12\n# refresh\n"
                   "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n")
    for select in ("apt-lists-cleanup,merge-run", "apt-lists-cleanup,merge-run,apt-get-yes,cd-to-workdir"):
        out = result(text, select, path="Dockerfile").output
        assert out.count("apt-get update") == 1 and out.count("rm -rf /var/lib/apt/lists/*") == 1
    # with other commands in an && chain: the update part moves
    text = "FROM debian:12\nRUN echo deb x >> /etc/apt/sources.list && apt-get update\nRUN apt-get install -y jq\n"
    assert result(text, "apt-lists-cleanup", path="Dockerfile").output == (
        "FROM debian:12\nRUN echo deb x >> /etc/apt/sources.list\n"
        "RUN apt-get update && apt-get install -y jq && rm -rf /var/lib/apt/lists/*\n")
    out = result(text, "apt-lists-cleanup,merge-run", path="Dockerfile").output
    assert out.count("apt-get update") == 1 and out.count("rm -rf /var/lib/apt/lists/*") == 1
    # where it cannot be cut out: refused
    text = "FROM debian:12\nRUN apt-get update; echo fetched\nRUN apt-get install -y curl\n"
    assert_noop(text, "apt-lists-cleanup", path="Dockerfile", refused="join the RUNs")
    # only up to the next RUN that fetches the lists itself
    text = ("FROM debian:12\nRUN apt-get update\nRUN apt-get install -y a\nRUN echo x > /etc/apt/sources.list\n"
            "RUN apt-get update\nRUN apt-get install -y b\n")
    out = result(text, "apt-lists-cleanup", path="Dockerfile").output
    assert out.count("apt-get update") == 2 and out.count("rm -rf /var/lib/apt/lists/*") == 2


@pytest.mark.parametrize("clean", ["apt-get dist-clean", "apt dist-clean"])
def test_dist_clean_removes_the_lists_itself(clean):
    assert_noop(f"FROM debian:13\nRUN apt-get update && apt-get install -y curl && {clean}\n", "apt-lists-cleanup")


def test_lists_refused_when_the_later_run_cannot_take_an_update():
    for later in ("<<EOF\napt-get install -y curl\nEOF", "--network=none apt-get install -y curl"):
        text = f"FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN {later}\n"
        assert_noop(text, "apt-lists-cleanup", path="Dockerfile")
        (reason,) = refusals(text, "apt-lists-cleanup", path="Dockerfile")
        assert "line 3" in reason and "apt-get install" in reason


def test_lists_kept_when_a_child_stage_installs_without_update():
    text = "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y a\nFROM base\nRUN <<EOF\napt-get install -y b\nEOF\n"
    assert_noop(text, "apt-lists-cleanup", path="Dockerfile")
    assert any("line 4" in r for r in refusals(text, "apt-lists-cleanup", path="Dockerfile"))


def test_lists_removed_when_every_later_install_updates_first():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y a\n"
            "RUN apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*\n"
            "FROM debian:12\nRUN apt-get install -y c\n")
    out = result(text, "apt-lists-cleanup", path="Dockerfile").output
    assert out.splitlines()[1].endswith("apt-get install -y a && rm -rf /var/lib/apt/lists/*")
    # only the RUN that ran update gets the clean-up, never every RUN
    assert out.count("rm -rf /var/lib/apt/lists/*") == 2
    assert out.splitlines()[-1] == "RUN apt-get install -y c"


def test_lists_cache_mount_is_left_alone():
    text = "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y a\n"
    assert findings(text, "apt-lists-cleanup", path="Dockerfile") == []


@pytest.mark.parametrize("run, why", [
    ("apt-get update && apt-get install -y a &", "background"),
    ("apt-get update && apt-get install -y a # note", "comment"),
    ("apt-get update && exec apt-get install -y a", "exec"),
])
def test_lists_refused_when_the_run_cannot_be_extended(run, why):
    text = f"FROM debian:12\nRUN {run}\n"
    assert_noop(text, "apt-lists-cleanup", path="Dockerfile")
    (reason,) = refusals(text, "apt-lists-cleanup", path="Dockerfile")
    assert why in reason


def test_lists_heredoc_run_refused():
    text = "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y a\nEOF\nRUN echo after\n"
    assert_noop(text, "apt-lists-cleanup", path="Dockerfile")
    assert refusals(text, "apt-lists-cleanup", path="Dockerfile")


def test_lists_keep_crlf_indent_and_file_without_final_newline():
    text = "FROM debian:12\r\nRUN apt-get update \\\r\n\t&& apt-get install -y a"
    out = result(text, "apt-lists-cleanup", path="Dockerfile").output
    assert out == "FROM debian:12\r\nRUN apt-get update \\\r\n\t&& apt-get install -y a \\\r\n\t&& rm -rf /var/lib/apt/lists/*"


def test_lists_later_script_is_unsafe_only():
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN ./setup.sh\n"
    assert_noop(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    assert "rm -rf /var/lib/apt/lists/*" in result(text, "apt-lists-cleanup", path="Dockerfile").output


def test_lists_removed_in_the_run_that_updated():
    assert_fix("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
               "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
               "apt-lists-cleanup", unsafe=False)


def test_a_moved_update_run_takes_its_own_comment_along():
    # review of seed 20261203 (userstoryru/exim): the comment of the deleted RUN was left orphaned
    text = ("FROM ubuntu:22.04\n\n# refresh lists\nRUN apt-get update\n\n# install the mail server\n"
            "RUN apt-get install -y --no-install-recommends exim4-daemon-heavy\n")
    out = result(text, "apt-lists-cleanup").output
    assert "# refresh lists" not in out and "\n\n\n" not in out
    assert out.startswith("FROM ubuntu:22.04\n\n# install the mail server\nRUN apt-get update && apt-get install")


def test_lists_a_later_script_of_statements_gets_the_update_before_its_install():
    # not one `&&` chain: the update goes right before the install, which it guards as the install failing would
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b; mkdir -p /run/x\n"
    assert_fix(text, "FROM debian:12\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\n"
                     "RUN apt-get update && apt-get install -y b; mkdir -p /run/x && rm -rf /var/lib/apt/lists/*\n",
               "apt-lists-cleanup",
               path="Dockerfile")
    # inside an `&&` chain that is one statement of several
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN cd /tmp && apt-get install -y b; ls\n"
    out = fix(text, "apt-lists-cleanup", path="Dockerfile")
    assert "RUN cd /tmp && apt-get update && apt-get install -y b; ls" in out


@pytest.mark.parametrize("later, fixed", [
    # errexit: `apt-get update; ` (in an `&&` list a failing update would not stop the RUN)
    ("set -e; apt-get install -y b; ls", "set -e; apt-get update; apt-get install -y b; ls"),
    ("set -e; apt-get install -y b && ls; ls", "set -e; apt-get update; apt-get install -y b && ls; ls"),
])
def test_lists_a_later_install_in_a_statement_list_gets_the_update_right_before_it(later, fixed):
    text = f"FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN {later}\n"
    out = result(text, "apt-lists-cleanup", path="Dockerfile").output
    assert out.splitlines()[2] == f"RUN {fixed} && rm -rf /var/lib/apt/lists/*"


@pytest.mark.parametrize("later", [
    "dpkg -i /x.deb || apt-get install -f -y; ls",  # the right-hand side of `||`: an update there would run always
    "for p in b c; do apt-get install -y $p; done; ls",  # a loop body: not an update per pass
])
def test_lists_a_later_install_inside_a_script_gets_the_update_in_front_of_a_group(later):
    # `apt-get update && { script; }`: the update failing fails the RUN, the script runs as it did
    text = f"FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN {later}\n"
    out = result(text, "apt-lists-cleanup", path="Dockerfile").output
    assert out.splitlines()[2] == f"RUN apt-get update && {{ {later}; }} && rm -rf /var/lib/apt/lists/*"
    assert_noop(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    # a trailing shell comment or a background job: refused
    for bad in (f"{later} # done", f"{later} &"):
        text = f"FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN {bad}\n"
        assert_noop(text, "apt-lists-cleanup", path="Dockerfile")


def test_lists_a_later_run_that_fetches_its_own_lists_ends_the_search():
    # line 4 uses the lists of line 3, not those of line 2: line 2 can drop its lists (a safe fix)
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y a\n"
            "RUN apt-get update && apt-get install -y b\n"
            "RUN <<EOF\napt-get install -f -y\nEOF\n")
    out = result(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile").output
    assert out.splitlines()[1] == "RUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*"
    assert out.splitlines()[2] == "RUN apt-get update && apt-get install -y b"
    assert any("line 4" in r for r in refusals(text, "apt-lists-cleanup", path="Dockerfile"))


def test_lists_an_update_that_may_fail_quietly_does_not_end_the_search():
    # `apt-get update || true` may leave no lists: line 4 could then depend on those of line 2
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y a\n"
            "RUN apt-get update || true\n"
            "RUN <<EOF\napt-get install -f -y\nEOF\n")
    assert_noop(text, "apt-lists-cleanup", path="Dockerfile")


def test_a_bare_update_before_a_chain_of_installs_is_joined_not_copied():
    # with merge-run on, the update goes once in front of the installs (one RUN), not into each of them
    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y a\nRUN apt-get install -y b\n"
    out = result(text, "apt-lists-cleanup,merge-run", path="Dockerfile").output
    assert out.count("apt-get update") == 1 and out.count("rm -rf /var/lib/apt/lists/*") == 1
    assert out.count("RUN ") == 1
    # alone it moves the update into every install that needs it
    out = result(text, "apt-lists-cleanup", path="Dockerfile").output
    assert out.count("apt-get update") == 2 and out.count("rm -rf /var/lib/apt/lists/*") == 2
    # set apart by a comment paragraph (merge-run keeps them apart): moved
    text = "FROM debian:12\nRUN apt-get update\n\n# tools\nRUN apt-get install -y a\n"
    out = result(text, "apt-lists-cleanup,merge-run", path="Dockerfile").output
    assert out.endswith("# tools\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\n")


def test_lists_installs_in_branches_get_one_update_in_front_of_the_script():
    # an update in the first branch would leave the second one without lists
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y a\n"
            "RUN set -eux; if [ -n \"$X\" ]; then apt-get install -y b; fi; if [ -n \"$Y\" ]; then apt-get install -y c; fi\n")
    out = result(text, "apt-lists-cleanup", path="Dockerfile").output
    last = out.splitlines()[2]
    assert last.startswith("RUN apt-get update && { set -eux; if")
    assert last.count("apt-get update") == 1 and last.count("rm -rf /var/lib/apt/lists/*") == 1
    assert result(out, "apt-lists-cleanup", path="Dockerfile").output == out


def test_lists_an_update_of_the_author_in_a_branch_covers_the_install_after_it():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y a\n"
            "RUN if [ -n \"$X\" ]; then apt-get update; apt-get install -y b; fi; ls\n")
    out = result(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile").output
    assert out.splitlines()[1].endswith("&& rm -rf /var/lib/apt/lists/*")


# -- issue 16 review: no `update && rm`, no second update --------------------------------------------------

@pytest.mark.parametrize("run", [
    "RUN apt-get update",
    "RUN echo 'deb http://deb.debian.org/debian bookworm contrib' >> /etc/apt/sources.list && apt-get update",
])
def test_an_update_nothing_uses_is_reported_not_followed_by_rm(run):
    text = f"FROM debian:12\n{run}\nCOPY . /app\nRUN echo built\n"
    assert_noop(text, "apt-lists-cleanup", refused="does nothing")
    assert_noop(text, ("apt-lists-cleanup", "merge-run"), refused="does nothing")


def test_an_update_a_later_install_uses_moves_there():
    text = "FROM debian:12\nRUN apt-get update\nCOPY . /app\nRUN apt-get install -y curl\n"
    assert_fix(text, "FROM debian:12\nCOPY . /app\nRUN apt-get update && apt-get install -y curl && "
                     "rm -rf /var/lib/apt/lists/*\n", "apt-lists-cleanup")
    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nRUN apt-get install -y git\n"
    assert_fix(text, "FROM debian:12\nRUN apt-get update && apt-get install -y curl && \\\n"
                     "    apt-get install -y git && \\\n    rm -rf /var/lib/apt/lists/*\n",
               "apt-lists-cleanup,merge-run")


def test_an_update_in_a_subshell_that_always_runs_fetches_the_lists():
    # what merge-run writes for a RUN that starts with `set -ex`: the later install uses those lists
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
            "RUN ( set -ex && apt-get update && apt-get install -y git ) && \\\n    apt-get install -y make\n")
    out = fix(text, "apt-lists-cleanup")
    assert out.count("apt-get update") == 2
    assert out == ("FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
                   "RUN ( set -ex && apt-get update && apt-get install -y git ) && \\\n    apt-get install -y make && \\\n"
                   "    rm -rf /var/lib/apt/lists/*\n")
    # in a subshell that may not run, it does not
    text2 = text.replace("RUN ( set", "RUN test -f /x || ( set")
    assert "RUN apt-get update && { test -f /x" in fix(text2, "apt-lists-cleanup")


@pytest.mark.parametrize("run", [
    "RUN bash -c 'apt-get update && apt-get install -y curl'",
    'RUN sh -ec "apt-get -q update; apt-get install -y curl"',
])
def test_an_update_inside_a_shell_string_is_reported_without_a_fix(run):
    text = f"FROM debian:12\n{run}\n"
    assert_noop(text, "apt-lists-cleanup", refused="sh -c")


@pytest.mark.parametrize("run", [
    "RUN bash -c 'apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'",
    "RUN bash -c 'apt-get update && apt-get install -y curl' && rm -rf /var/lib/apt/lists/*",
    "RUN bash -c 'echo apt-get is here'",
])
def test_a_shell_string_that_cleans_up_or_does_not_update_is_left_alone(run):
    assert not findings(f"FROM debian:12\n{run}\n", "apt-lists-cleanup")
