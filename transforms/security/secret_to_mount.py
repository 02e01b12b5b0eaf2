"""Build secrets passed as ARG/ENV -> BuildKit secret mounts (DL3064, SecretsUsedInArgOrEnv)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import UNSAFE, Edit, Finding, Fix
from dockfix.fixing.refusals import first_refusal
from dockfix.fixing.registry import Transform
from dockfix.semantic.model import model_of
from dockfix.semantic.variables import arg_decls, env_decls
from dockfix.shell.nodes import redirects, starts_background_job

# name tokens that mark a credential (split on _ - and camelCase)
_SECRET_TOKENS = {"password", "passwd", "pword", "pass", "secret", "token", "apikey", "credential",
                  "credentials", "auth", "key", "pat", "privatekey"}
# tokens that mark a name as public / not a credential even with a secret token
_PUBLIC_TOKENS = {"public", "gpg", "pgp", "fingerprint", "id", "url", "file", "path", "dir", "name", "user",
                  "username", "server", "host", "type", "size", "length", "keyring", "keys"}
# names of switches and settings about secrets rather than secrets themselves
_NOT_A_VALUE = {"public", "gpg", "pgp", "fingerprint", "disable", "enable", "use", "is", "reset", "plugin",
                "claim", "required", "policy", "mode", "method", "expiry", "length"}
_SPLIT = re.compile(r"[_\-]+|(?<=[a-z0-9])(?=[A-Z])")
_USER_PASS_URL = re.compile(r"://[^/\s:@]+:[^/\s@]+@")


def is_secret_name(name: str) -> bool:
    toks = [t.lower() for t in _SPLIT.split(name) if t]
    if not toks:
        return False
    if toks[-1] in _PUBLIC_TOKENS or any(t in _NOT_A_VALUE for t in toks):
        return False
    return any(t in _SECRET_TOKENS for t in toks)


def mask(value: str) -> str:
    return "*" * 8 if value else ""


def _refs(text: str, name: str) -> bool:
    return re.search(r"\$(?:\{" + re.escape(name) + r"(?:[:}%#/+\-?=])|" + re.escape(name) + r"(?![A-Za-z0-9_]))", text) is not None


def _syntax_has_env_mounts(doc) -> bool:
    """``env=`` on secret mounts needs the Dockerfile frontend 1.10 or newer."""
    d = doc.directive("syntax")
    if d is None:
        return False
    m = re.search(r"dockerfile:(\d+)(?:\.(\d+))?", d.value)
    if not m:
        return False
    major, minor = int(m.group(1)), m.group(2)
    if minor is None:  # docker/dockerfile:1 is the newest 1.x
        return major >= 1
    return major > 1 or int(minor) >= 10


class SecretToMount(Transform):
    name = "secret-to-mount"
    code = "DF301"
    summary = "Pass build secrets with RUN --mount=type=secret instead of ARG/ENV"
    hadolint = ("DL3064",)
    buildkit = ("SecretsUsedInArgOrEnv",)
    applicability = UNSAFE
    max_applicability = UNSAFE
    links = ("https://docs.docker.com/build/building/secrets/",
             "https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/")
    explanation = """
What: an `ARG` whose name looks like a credential (`NPM_TOKEN`, `DB_PASSWORD`,
`AWS_SECRET_ACCESS_KEY`, ...) is removed, and every later `RUN` of the same
stage (where the ARG was visible as an environment variable) gets
`--mount=type=secret,id=<name>,env=<NAME>`. With a `# syntax` older than
docker/dockerfile:1.10 (or none), `env=` is not available: the mount is a file
and the RUN starts with `NAME="$(cat /run/secrets/<id>)"; export NAME &&`
(assigned, then exported, so shellcheck has nothing to say; a build run
without the secret goes on with an empty value, as with the ARG unset).

Why: build arguments and ENV values are recorded in the image history and
metadata (`docker history`, `docker inspect`): anyone who can pull the image can
read the token. A secret mount exists only while that RUN executes.

Example:
    ARG NPM_TOKEN
    RUN npm ci
becomes
    RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
and you build with
    docker build --secret id=npm_token,env=NPM_TOKEN .

Fix safety: unsafe. The build command must change (`--secret` instead of
`--build-arg`); dockfix prints the line you now need. Not fixed (reported
with the reason): an ARG with a default value (the literal secret would have to
be moved, and it is never copied into output: values are masked), an ARG used
by an instruction other than RUN, exec-form or heredoc RUNs that need the
file form, ENV secrets (ENV persists into the running container: removing it
changes the runtime), and Windows files.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from self._written_then_deleted(ctx)
        doc = ctx.doc
        env_ok = _syntax_has_env_mounts(doc)
        for ins in doc.instructions:
            if ins.cmd == "ENV":
                for k, v in env_decls(ins):
                    if is_secret_name(k) or _USER_PASS_URL.search(v or ""):
                        yield ctx.finding(self, ins, f"ENV {k} looks like a secret and is stored in the image",
                                          refused="ENV persists into the container at run time; move it to a secret mount by hand")
                continue
            if ins.cmd != "ARG":
                continue
            decls = arg_decls(ins)
            secret = [(k, v) for k, v in decls if is_secret_name(k) or (v and _USER_PASS_URL.search(v))]
            if not secret:
                continue
            for name, default in secret:
                yield from self._one(ctx, ins, name, default, decls, env_ok)

    def _written_then_deleted(self, ctx):
        """A credential file written by one RUN and removed by a later one is
        still in the earlier layer (``docker history``/``docker save``)."""
        doc = ctx.doc
        for st in doc.stages:
            secret_vars = set()
            written: dict[str, object] = {}  # path -> the RUN that wrote it
            for ins in st.instructions:
                if ins.cmd in ("ARG", "ENV"):
                    decls = arg_decls(ins) if ins.cmd == "ARG" else env_decls(ins)
                    secret_vars.update(k for k, _ in decls if is_secret_name(k))
                    continue
                if ins.cmd != "RUN":
                    continue
                view = model_of(doc).shell_view(ins)
                if view is None or view.has_error:
                    continue
                removed_here = set()
                for cmd in view.commands():
                    if cmd.name == "rm":
                        for w in cmd.args:
                            if w.value and not w.value.startswith("-"):
                                removed_here.add(w.value)
                for path, first in list(written.items()):
                    if path in removed_here and first is not ins:
                        yield ctx.finding(self, first, f"RUN writes {path} (a credential) and the RUN on line {ins.line} "
                                          "deletes it: the file still ships in this earlier layer",
                                          refused="use RUN --mount=type=secret for the command that needs it")
                        del written[path]
                for red in redirects(view):
                    target, text = red.dest_value, red.statement
                    if not target:
                        continue
                    base = target.rsplit("/", 1)[-1]
                    credential_file = base in (".netrc", ".npmrc", ".pypirc", "id_rsa", "id_ed25519", "credentials",
                                               ".git-credentials") or base.endswith((".pem", ".key"))
                    uses_secret = any(_refs(text, v) for v in secret_vars)
                    if (credential_file or uses_secret) and target not in removed_here:
                        written.setdefault(target, ins)

    def _one(self, ctx, ins, name, default, decls, env_ok):
        doc = ctx.doc
        msg = f"ARG {name} looks like a secret; build arguments are stored in the image history"
        if default is not None:
            yield ctx.finding(self, ins, msg + f" (default {mask(default)})",
                              refused="it has a default value; pass it with --secret instead")
            return
        reason = first_refusal(_ARG_REFUSALS, doc, ins, decls)
        runs = _runs_reading(doc, ins, name) if reason is None else reason
        if isinstance(runs, str):
            yield ctx.finding(self, ins, msg, refused=runs)
            return
        sid = name.lower()
        edits = [Edit(ins.start, ins.end, "")]
        for run in runs:
            got = _run_edits(doc, run, name, sid, env_ok)
            if isinstance(got, str):
                yield ctx.finding(self, ins, msg, refused=got)
                return
            edits.extend(got)
        build = f"docker build --secret id={sid},env={name} ..."
        fix = Fix(edits, UNSAFE, message=f"use a secret mount; build with: {build}")
        yield ctx.finding(self, ins, msg + f"; build with: {build}", fix=fix, build_command=build)


# -- refusals of the ARG itself: each returns its reason, or None --------------------------------
def _global_arg(doc, ins, decls) -> str | None:
    return "global ARG (before the first FROM)" if ins.stage is None else None


def _several_names(doc, ins, decls) -> str | None:
    return "the ARG declares several names" if len(decls) != 1 else None


def _windows_file(doc, ins, decls) -> str | None:
    return "Windows file" if doc.is_windows else None


_ARG_REFUSALS = (_global_arg, _several_names, _windows_file)


def _runs_reading(doc, ins, name: str) -> list | str:
    """The RUNs after the ARG in its stage (they get the secret), or why the ARG is used otherwise."""
    later = ins.stage.instructions[ins.stage.instructions.index(ins) + 1:]
    runs = []
    for other in later:
        if other.cmd == "ARG" and any(k == name for k, _ in arg_decls(other)):
            return f"declared again on line {other.line}"
        if other.cmd == "RUN":
            runs.append(other)
        elif other.cmd != "ONBUILD" and _refs(doc.text[other.start:other.end], name):
            return f"used by {other.cmd} on line {other.line}, not only by RUN"
    return runs


def _run_edits(doc, run, name: str, sid: str, env_ok: bool) -> list[Edit] | str:
    """The secret mount for one RUN (and, without env= mounts, the export of the secret), or a refusal."""
    mounted = [f.value.split(",") for f in run.flags if f.name == "mount" and f.value and f"id={sid}" in f.value.split(",")]
    if mounted:
        if any(f"env={name}" in m for m in mounted) or not _refs(doc.text[run.start:run.end], name):
            return []
        return (f"the RUN on line {run.line} already mounts the secret "
                f"id={sid} as a file and reads ${name}: give it env={name} by hand")
    if env_ok:
        return [Edit.insert(run.keyword.end, f" --mount=type=secret,id={sid},env={name}")]
    if run.json or run.heredocs:
        return (f"the RUN on line {run.line} is exec form or a heredoc and "
                "this # syntax has no env= secret mounts")
    view = model_of(doc).shell_view(run)
    if view is None or view.has_error:
        return (f"the RUN on line {run.line} is not a POSIX shell script "
                "and this # syntax has no env= secret mounts")
    if starts_background_job(view):
        # `X=...; export X && a & b`: the export runs in the background job only
        return (f"the RUN on line {run.line} starts a background job "
                "(&), which the exported secret would not reach")
    edits = [Edit.insert(run.keyword.end, f" --mount=type=secret,id={sid}")]
    # assigned, then exported: `export X="$(...)"` hides a failing cat
    # (shellcheck SC2155); `;` keeps a build without the secret going,
    # as the ARG left empty did
    # under a SHELL with -e a missing secret would stop the build at the cat
    # (the ARG left unset did not): `|| true` keeps it going
    sh = model_of(doc).shell_of(run)
    errexit = any((a.startswith("-") and not a.startswith("--") and "e" in a[1:]) or
                  (a == "errexit" and i > 0 and sh[i - 1] in ("-o", "-eo")) for i, a in enumerate(sh[1:], 1))
    keep = " || true" if errexit else ""
    edits.append(Edit.insert(run.args_start, f'{name}="$(cat /run/secrets/{sid})"{keep}; export {name} && '))
    return edits
