"""Private git clones over SSH -> ``RUN --mount=type=ssh`` (the agent, not a key in the image)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import UNSAFE, Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.semantic.model import model_of

# git@host:org/repo(.git), ssh://..., git+ssh://...
_SSH_URL = re.compile(r"^(?:(?:git\+)?ssh://|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!//))")
_GIT_REMOTE = {"clone", "fetch", "pull", "ls-remote", "submodule", "archive"}
# package managers that clone what a git+ssh:// or ssh:// requirement names
_PM = {"pip", "pip3", "npm", "yarn", "pnpm", "poetry", "pipenv", "uv", "bundle", "go", "cargo", "composer"}
# private key files: once COPYed or ADDed they stay in a layer, even if a later RUN deletes them
_KEY_FILE = re.compile(r"(?:^|/)(?:id_(?:rsa|dsa|ecdsa|ed25519)(?:_[\w.-]+)?|[\w.-]*deploy[_-]?key[\w.-]*)$", re.I)


def _needs_ssh(cmd) -> bool:
    vals = [w.value for w in cmd.args]
    if cmd.name == "git":
        sub = next((v for v in vals if v is not None and not v.startswith("-")), None)
        return sub in _GIT_REMOTE and any(v is not None and _SSH_URL.match(v) for v in vals)
    if cmd.name in _PM:
        return any(v is not None and ("git+ssh://" in v or v.startswith("ssh://")) for v in vals)
    return False


class SshMount(Transform):
    name = "ssh-mount"
    code = "DF303"
    summary = "Clone private repositories with RUN --mount=type=ssh instead of a key in the image"
    hadolint = ()
    buildkit = ()
    applicability = UNSAFE
    max_applicability = UNSAFE
    links = ("https://docs.docker.com/reference/dockerfile/#run---mounttypessh",
             "https://docs.docker.com/build/building/secrets/#ssh-mounts")
    explanation = """
What: a RUN that clones over SSH (`git clone git@github.com:org/app.git`,
`git fetch ssh://...`, `pip install git+ssh://...`) gets
`--mount=type=ssh`, which lends the build your SSH agent for that RUN.
A private key that the Dockerfile COPYs or ADDs (`id_rsa`, `id_ed25519`,
`deploy_key`, ...) is reported: it stays in that layer (and in every image
pushed from it) even when a later RUN deletes it.

Why: to clone a private repository the build needs a key. Copying it into
the image, or passing it as a build argument, publishes it to anyone who can
pull the image or read its history. An SSH mount never writes the key.

Example:
    RUN git clone git@github.com:acme/lib.git /src/lib
becomes
    RUN --mount=type=ssh git clone git@github.com:acme/lib.git /src/lib
built with
    docker build --ssh default .

Fix safety: unsafe. The build must now be run with `--ssh default` (or
`--ssh default=$HOME/.ssh/id_ed25519`) and BuildKit; without `--ssh` the
mount is skipped (it is not `required`) and the clone works as before, with
whatever key the image has. The key COPY is reported, never deleted: remove
it (and the RUNs that install or delete it) once the build uses the agent.
Host keys are unchanged: the RUN still needs `known_hosts` (e.g.
`ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts`). Already mounted RUNs
(`--mount=type=ssh`) and Windows files are left alone.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        if doc.is_windows:
            return
        build = "docker build --ssh default ..."
        for ins, target, view in model_of(doc).shell_runs():
            cmds = [c for c in view.commands() if _needs_ssh(c)]
            if not cmds:
                continue
            if any(f.name == "mount" and f.value and re.search(r"(?:^|,)type=ssh(?:,|$)", f.value)
                   for f in target.flags):
                continue
            url = next(w.value for w in cmds[0].args if w.value and (_SSH_URL.match(w.value) or "ssh://" in w.value))
            msg = f"{cmds[0].name} reaches {url} over SSH: lend the build your SSH agent, not a key"
            fix = Fix([Edit.insert(target.keyword.end, " --mount=type=ssh")], UNSAFE,
                      message=f"add --mount=type=ssh; build with: {build}")
            yield ctx.finding(self, target if ins is target else ins, msg + f"; build with: {build}", fix=fix,
                              build_command=build)
        for ins in doc.instructions:
            if ins.cmd not in ("COPY", "ADD") or ins.flag("from") is not None:
                continue
            words = ins.json_values if ins.json else [w.value for w in ins.plain_words()]
            for src in (words or [])[:-1]:
                if src and _KEY_FILE.search(src):
                    yield ctx.finding(
                        self, ins, f"{ins.cmd} puts the private key {src} in a layer of the image",
                        refused="remove it and clone with RUN --mount=type=ssh (docker build --ssh default): "
                                "a later rm does not take it out of the image")
                    break
