"""yarn install without yarn cache clean in the same RUN -> append it (DL3060)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import UNSAFE, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.fixing.shell_edits import append_command
from dockfix.semantic.model import model_of
from dockfix.shell.tools import always_runs, arg_index, base, named_dirs
from dockfix.syntax.mounts import cache_mount_targets, mount_covers

# options of Yarn 2+ ("berry") install; a sign the project uses Plug'n'Play and its cache at run time
_BERRY_OPTS = {"--immutable", "--immutable-cache", "--check-cache", "--mode", "--inline-builds"}


def _berry_context(ctx) -> str | None:
    d = ctx.context_dir
    if not d:
        return None
    if os.path.exists(os.path.join(d, ".yarnrc.yml")):
        return ".yarnrc.yml in the build context (Yarn 2+)"
    pj = os.path.join(d, "package.json")
    try:
        from dockfix.syntax.regular import read_regular

        pm = json.loads(read_regular(pj).decode("utf-8")).get("packageManager", "")
    except (OSError, ValueError, AttributeError):
        return None
    if isinstance(pm, str) and pm.startswith("yarn@") and not pm.startswith("yarn@1."):
        return f"package.json says packageManager {pm}"
    return None


def _cache_folders(doc, target, installs) -> list[str]:
    """Cache folders the installs name (``--cache-folder[=]DIR``, a
    ``YARN_CACHE_FOLDER=DIR`` in front) or an ARG/ENV in scope sets."""
    out = []
    for c in installs:
        out += named_dirs(c, "--cache-folder", {"YARN_CACHE_FOLDER": ""})
    if target.stage is not None:
        from dockfix.semantic.variables import scope_before

        v = scope_before(doc, target).get("YARN_CACHE_FOLDER")
        if v:
            out.append(v)
    return [d for d in out if d and d.startswith("/") and "$" not in d]


class YarnCacheClean(Transform):
    name = "npm-cache-clean"
    shipped_stages_only = True
    code = "DF136"
    summary = "Clean the yarn cache in the RUN that runs yarn install"
    hadolint = ("DL3060",)
    applicability = UNSAFE
    max_applicability = UNSAFE
    links = ("https://github.com/hadolint/hadolint/wiki/DL3060", "https://classic.yarnpkg.com/en/docs/cli/cache")
    explanation = """
What: a RUN that runs `yarn install` without a `yarn cache clean` after it
gets `&& yarn cache clean` appended after its last command (in the RUN's own
continuation style).

Why: Yarn 1 keeps a copy of every package tarball in its global cache
(/usr/local/share/.cache/yarn); in the image it doubles the size of
node_modules and is never used again (hadolint DL3060).

Example:
    RUN yarn install --frozen-lockfile
becomes
    RUN yarn install --frozen-lockfile && yarn cache clean

Fix safety: unsafe. With Yarn 2+ ("berry") and Plug'n'Play, packages are read
from the cache at run time: cleaning it breaks the application. The fix is
refused when the RUN or its stage shows Yarn 2+ (`corepack`, `yarn set
version`, berry-only install options such as `--immutable`, a
`.yarnrc.yml` or a `packageManager: yarn@2+` in the build context); the
remaining risk is why it is unsafe. A RUN whose yarn cache is a
`RUN --mount=type=cache` target is left alone, as are installs that do not
always run. npm is not covered: hadolint has no rule for it and `npm ci`
keeps its cache in ~/.npm only on purpose.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        berry_ctx = None
        checked = False
        for ins, target, view in ctx.model.shell_runs():
            cmds = view.commands()
            installs = [c for c in cmds if base(c.name) == "yarn" and arg_index(c, {"install"}) is not None]
            if not installs:
                continue
            lastc = installs[-1]
            if any(c.start > lastc.start and base(c.name) == "yarn" and [w.value for w in c.argv[1:3]] == ["cache", "clean"]
                   for c in cmds):
                continue
            mounts = cache_mount_targets(target)
            if any("yarn" in t or t.endswith("/.cache") for t in mounts):
                continue  # the cache is a cache mount: wanted there, never in the image
            if mounts and mount_covers(mounts, _cache_folders(doc, target, installs)):
                continue  # --cache-folder / YARN_CACHE_FOLDER inside a cache mount
            msg = "yarn install leaves its package cache in the layer"
            where = (lastc.start, lastc.end)
            reason = self._berry(doc, target, cmds)
            if reason is None:
                if not checked:
                    berry_ctx, checked = _berry_context(ctx), True
                reason = berry_ctx
            if reason is None and not all(always_runs(view, c.node) for c in installs):
                reason = "the install does not always run (condition, loop, subshell or ||)"
            edit = None
            if reason is None:
                edit, reason = append_command(doc, ins, target, view, "yarn cache clean")
            if reason is not None:
                yield ctx.finding(self, where, msg, refused=reason, instruction=ins)
                continue
            assert edit is not None  # append_command returns an edit or a reason
            yield ctx.finding(self, where, msg + "; add yarn cache clean",
                              fix=Fix.unsafe(edit, message="append yarn cache clean"), instruction=ins)

    @staticmethod
    def _berry(doc, target, cmds) -> str | None:
        for c in cmds:
            name = base(c.name)
            vals = [w.value for w in c.argv[1:]]
            if name == "corepack":
                return "corepack is used (probably Yarn 2+, whose cache Plug'n'Play needs)"
            if name == "yarn" and vals[:2] == ["set", "version"]:
                return "yarn set version (Yarn 2+, whose cache Plug'n'Play needs)"
            if name == "yarn" and any(v and v.split("=", 1)[0] in _BERRY_OPTS for v in vals):
                return "Yarn 2+ install options (its cache is needed by Plug'n'Play)"
        if target.stage is not None:
            for st in model_of(doc).chain(target.stage):
                for other in st.instructions:
                    if other is target:
                        break
                    low = other.text.lower()
                    if "corepack" in low or ".yarnrc.yml" in low or "yarn set version" in low or "yarnpkg/berry" in low:
                        return "the stage sets up Yarn 2+ (its cache is needed by Plug'n'Play)"
        return None

