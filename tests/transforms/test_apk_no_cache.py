"""apk-no-cache: Use apk add --no-cache instead of apk update + cache removal."""

from __future__ import annotations

import pytest
from fixcase import PACKAGE_MANAGERS, assert_fix, assert_noop, command_names, fix, result


def test_apk_update_kept_when_the_same_run_adds_in_a_string():
    text = 'FROM alpine:3.19\nRUN apk update && apk add curl && sh -c "apk add git"\n'
    out = fix(text, "apk-no-cache", path="Dockerfile")
    assert out.startswith("FROM alpine:3.19\nRUN apk update && apk add --no-cache curl")


@pytest.mark.parametrize("later", ['sh -c "apk add git"', "xargs apk add < /pkgs", "$APK add git",
                                   "./install-deps.sh"])
def test_apk_update_kept_when_a_later_run_may_add_without_index(later):
    text = f"FROM alpine:3.19\nRUN apk update && apk add curl && echo a && echo b\nRUN {later}\n"
    out = fix(text, "apk-no-cache", path="Dockerfile")
    assert out.splitlines()[1] == "RUN apk update && apk add --no-cache curl && echo a && echo b"


def test_apk_conditional_update_in_a_later_run_does_not_count():
    text = ("FROM alpine:3.19\nRUN apk update && apk add curl && echo a && echo b\n"
            "RUN if [ -n \"$X\" ]; then apk update; fi; apk add git\n")
    assert fix(text, "apk-no-cache", path="Dockerfile").splitlines()[1].startswith("RUN apk update && ")


def test_apk_update_kept_in_an_onbuild_trigger():
    # the child image's own RUNs (unknown here) may `apk add` with the index the trigger leaves
    text = "FROM alpine:3.19\nONBUILD RUN apk update && apk add curl && echo a && echo b\n"
    assert_fix(text, "FROM alpine:3.19\nONBUILD RUN apk update && apk add --no-cache curl && echo a && echo b\n",
               "apk-no-cache", path="Dockerfile")


def test_apk_update_kept_when_a_later_run_needs_the_index():
    src = "FROM alpine:3.19\nRUN apk update && apk add curl\nRUN apk info -a curl\n"
    out = result(src, PACKAGE_MANAGERS, path="Dockerfile").output
    assert "apk update && apk add --no-cache curl" in out


def test_apk_never_removes_upgrade_or_user_commands():
    src = ("FROM alpine:3.19\n"
           "RUN apk update && apk upgrade && apk add x && rm -rf /var/cache/apk/* /tmp/build\n"
           "RUN apk update && apk add y && rm -rf /var/cache/apk/*\n")
    out = result(src, PACKAGE_MANAGERS, path="Dockerfile").output
    assert command_names(out).count("apk") == command_names(src).count("apk") - 1  # only the second `apk update`
    assert "apk upgrade" in out and "/tmp/build" in out
    assert "RUN apk add --no-cache y\n" in out


def test_apk_keeps_a_comment_inside_the_chain():
    src = "FROM alpine:3.19\nRUN apk update \\\n# the index\n    && apk add curl\n"
    out = result(src, PACKAGE_MANAGERS, path="Dockerfile").output
    assert "# the index" in out and "apk update" in out and "--no-cache" in out


def test_apk_cache_mount_is_refused():
    src = "FROM alpine:3.19\nRUN --mount=type=cache,target=/etc/apk/cache apk add curl\n"
    res = result(src, PACKAGE_MANAGERS, path="Dockerfile")
    assert res.output == src and any(f.refused for f in res.remaining)


def test_apk_clean_up_kept_next_to_a_one_command_run():
    # dropping `rm` would leave two one-command RUNs side by side (hadolint DL3059): the rm stays,
    # and then --no-cache alone would change nothing in the layer: no fix
    src = "FROM alpine:3.19\nRUN apk add --update nginx && rm -rf /var/cache/apk/*\nRUN ln -sf /dev/stdout /x\n"
    assert_noop(src, "apk-no-cache")
    alone = "FROM alpine:3.19\nRUN apk add --update nginx && rm -rf /var/cache/apk/*\nCOPY a /a\n"
    assert "RUN apk add --no-cache --update nginx\n" in result(alone, ["apk-no-cache"], path="Dockerfile").output


def test_apk_update_dropped_from_a_semicolon_list():
    src = "FROM alpine:3.19\nRUN apk update; apk add curl\n"
    assert_fix(src, "FROM alpine:3.19\nRUN apk add --no-cache curl\n", "apk-no-cache")


def test_no_cache_already_given_is_left_alone():
    assert_noop("FROM alpine:3.20\nRUN apk add --no-cache curl\n", "apk-no-cache")


def test_apk_no_cache_leaves_a_run_that_removes_the_cache_itself():
    # the rm also removes pip's cache, so it stays: --no-cache would change nothing in the layer
    # (review of seed 20261205, 054)
    text = ("FROM python:3-alpine\nRUN apk add --update groff less \\\n  && pip install pelican \\\n"
            "  && rm -rf /var/cache/apk/* ~/.cache/pip\n")
    assert_noop(text, "apk-no-cache")
    kept = text.replace(" /var/cache/apk/*", "")
    assert "apk add --no-cache --update" in result(kept, "apk-no-cache").output
