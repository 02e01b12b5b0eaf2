"""npm-cache-clean: Clean the yarn cache in the RUN that runs yarn install."""

from __future__ import annotations

import pytest
from fixcase import PACKAGE_MANAGERS, assert_fix, assert_noop, result


@pytest.mark.parametrize("text", [
    "FROM node:20\nENV YARN_CACHE_FOLDER=/yc\nRUN --mount=type=cache,target=/yc yarn install\n",
    "FROM node:20\nRUN --mount=type=cache,target=/cache yarn install --cache-folder /cache\n",
    "FROM node:20\nRUN --mount=type=cache,target=/cache YARN_CACHE_FOLDER=/cache yarn install\n",
])
def test_yarn_cache_mount_elsewhere_is_not_cleaned(text):
    assert_noop(text, "npm-cache-clean", path="Dockerfile")


def test_yarn_berry_is_refused_and_fix_is_unsafe():
    src = "FROM node:20\nRUN yarn install --frozen-lockfile\n"
    assert_noop(src, PACKAGE_MANAGERS, unsafe=False, path="Dockerfile")
    assert_fix(src, "FROM node:20\nRUN yarn install --frozen-lockfile && yarn cache clean\n", PACKAGE_MANAGERS,
               path="Dockerfile")
    berry = "FROM node:20\nRUN corepack enable\nRUN yarn install\n"
    res = result(berry, PACKAGE_MANAGERS, path="Dockerfile")
    assert res.output == berry and any("Yarn 2+" in (f.refused or "") or "corepack" in (f.refused or "")
                                       for f in res.remaining)
