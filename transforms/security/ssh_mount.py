"""Private git clones over SSH -> ``RUN --mount=type=ssh`` (the agent, not a key in the image)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import UNSAFE, Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.semantic.model import model_of
from dockfix.shell.facts import redirects

# git@host:org/repo(.git), ssh://..., git+ssh://...
_SSH_URL = re.compile(r"^(?:(?:git\+)?ssh://|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!//))")
_GIT_REMOTE = {"clone", "fetch", "pull", "ls-remote", "submodule", "archive"}
# package managers that clone what a git+ssh:// or ssh:// requirement names
_PM = {"pip", "pip3", "npm", "yarn", "pnpm", "poetry", "pipenv", "uv", "bundle", "go", "cargo", "composer"}
# private key files: once COPYed or ADDed they stay in a layer, even if a later RUN deletes them
_KEY_FILE = re.compile(r"(?:^|/)(?:id_(?:rsa|dsa|ecdsa|ed25519)(?:_[\w.-]+)?|[\w.-]*deploy[_-]?key[\w.-]*)$", re.I)


# a private key written into ~/.ssh (not a public key, known_hosts or config)
_SSH_KEY_DEST = re.compile(r"(?:^|/)\.ssh/(?!known_hosts|config|authorized_keys|[^/]*\.pub$)[^/]+$")
_SSH_DIR = re.compile(r"(?:^|/)\.ssh/?$")
_NOT_KEYS = re.compile(r"(?:^|/)(?:known_hosts|config|authorized_keys|[^/]*\.pub)$")
_INSTEAD_OF = re.compile(r"^url\.(.+)\.insteadof$", re.I)


def _ssh_urls(cmd) -> list[str]:
    """The SSH URLs a command reaches (``git+`` dropped: git sees the rest)."""
    out = []
    for w in cmd.args:
        v = w.value
        if v and (_SSH_URL.match(v) or "ssh://" in v):
            out.append(v.removeprefix("git+"))
    return out


def _rewrites(view) -> list[tuple[str, str]]:
    """(prefix, https base) of each ``git config url.<https base>.insteadOf <prefix>``
    of the script: git then fetches such URLs over HTTPS, not SSH."""
    out = []
    for c in view.commands():
        if c.name != "git":
            continue
        texts = [w.text.replace('"', "").replace("'", "") for w in c.args]
        for k, t in enumerate(texts[:-1]):
            m = _INSTEAD_OF.match(t)
            if m and "config" in texts[:k] and re.match(r"https?://", m.group(1)):
                out.append((texts[k + 1], m.group(1)))
    return out


def _baked_key(ins, model) -> str | None:
    """How ``ins`` puts a private key into the image (a COPY/ADD of a key file or
    into ~/.ssh, a RUN that writes one), or None."""
    if ins.cmd in ("COPY", "ADD") and ins.flag("from") is None:
        words = ins.json_values if ins.json else [w.value for w in ins.plain_words()]
        if not words or len(words) < 2:
            return None
        srcs, dest = words[:-1], words[-1] or ""
        keys = [s for s in srcs if s and _KEY_FILE.search(s)]
        if keys or _SSH_KEY_DEST.search(dest) and len(srcs) == 1 or \
                _SSH_DIR.search(dest) and any(s and not _NOT_KEYS.search(s) for s in srcs):
            return f"line {ins.line}: {ins.cmd} {' '.join(s or '?' for s in srcs)} {dest}"
        return None
    if ins.cmd == "RUN":
        view = model.shell_view(ins)
        if view is None or view.has_error:
            return None
        for r in redirects(view):
            # `> ~/.ssh/id_rsa`: a tilde expands, so the name is read from the text
            dest = r.target or r.node.text.decode("utf-8", "replace").lstrip("0123456789&>|< \t")
            if _SSH_KEY_DEST.search(dest.strip("\"'")):
                return f"line {ins.line} writes {dest}"
    return None


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

No mount where it would gain nothing: the file rewrites the URL to HTTPS
(`git config url."https://github.com/".insteadOf "git@github.com:"`: git
never uses SSH for it), or the stage already holds a private key before the
clone (a COPY/ADD of a key file or into ~/.ssh, a RUN that writes
~/.ssh/id_rsa): the clone keeps using that key and the mount does not take it
out of the image. Delete the key first; then the mount applies.

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
            why = self._pointless(ctx, ins, cmds)
            if why is not None:
                yield ctx.finding(self, target if ins is target else ins, msg, refused=why)
                continue
            fix = Fix([Edit.insert(target.keyword.end, " --mount=type=ssh")], UNSAFE,
                      message=f"add --mount=type=ssh; build with: {build}")
            yield ctx.finding(self, target if ins is target else ins, msg + f"; build with: {build}", fix=fix,
                              build_command=build)
        yield from self._key_copies(ctx)

    @staticmethod
    def _pointless(ctx: Context, ins, cmds) -> str | None:
        """Why a mount would gain nothing for this RUN: git fetches the URLs
        over HTTPS (``url.<https>.insteadOf``), or the image already holds a
        private key (a mount beside it does not take it out); None: it helps."""
        model = ctx.model
        st = ins.stage
        if st is None:
            return None
        chain = list(reversed(model.chain(st)))
        rewrites: list[tuple[str, str, int]] = []
        key = None
        for s in chain:
            for other in s.instructions:
                if other.start > ins.start:
                    break
                if other.cmd == "RUN" and (v := model.shell_view(other)) is not None and not v.has_error:
                    rewrites += [(p, b, other.line) for p, b in _rewrites(v)]
                key = key or _baked_key(other, model)
        urls = [u for c in cmds for u in _ssh_urls(c)]
        hits = [next((r for r in rewrites if u.startswith(r[0])), None) for u in urls]
        if urls and all(hits):
            prefix, base, line = hits[0]  # type: ignore[misc]
            return (f"line {line} rewrites `{prefix}` to `{base}` (git config url...insteadOf): git fetches "
                    "over HTTPS, an SSH mount gains nothing")
        if key is not None:
            return (f"the image already holds a private key ({key}), which the clone would still use and a mount "
                    "does not take out: delete it and the RUNs that install it, then clone with "
                    "RUN --mount=type=ssh")
        return None

    def _key_copies(self, ctx: Context) -> Iterator[Finding]:
        for ins in ctx.doc.instructions:
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
