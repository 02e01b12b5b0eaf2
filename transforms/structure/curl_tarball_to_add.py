"""curl-tarball-to-add: `curl -o F URL && echo "<sha256>  F" | sha256sum -c -` -> `ADD --checksum`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from dockfix.fixing.edit import UNSAFE, Edit, Finding, Fix
from dockfix.fixing.refusals import first_refusal
from dockfix.fixing.registry import Transform
from dockfix.semantic import images as im
from dockfix.semantic.model import model_of
from dockfix.shell.downloads import SavedDownload, saved_download, sha256_check
from dockfix.shell.facts import flatten
from dockfix.shell.nodes import is_command, is_pipeline

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.fixing.context import Context
    from dockfix.shell.view import ShellView, ShellWord, SimpleCommand
    from dockfix.syntax.cst import Instruction


@dataclass
class _Site:
    """A download checked by the next part of the RUN's && chain (parts[i], parts[i + 1])."""

    run: "Instruction"
    view: "ShellView"
    parts: list
    i: int
    url: "ShellWord"
    out: "ShellWord"
    hexv: str

    def span(self, k: int) -> tuple[int, int]:
        return self.view.file_span(self.parts[k])

    @property
    def url_text(self) -> str:
        """The URL without its double or single quotes."""
        u = self.url.text
        if len(u) >= 2 and u[0] == u[-1] and u[0] in "\"'":
            return u[1:-1]
        return u

    @property
    def out_text(self) -> str:
        """The output path without its double quotes."""
        o = self.out.text
        if len(o) >= 2 and o[0] == o[-1] == '"':
            return o[1:-1]
        return o

    def cut(self) -> tuple[int, int] | None:
        """What to remove from the RUN: the two parts and one separator; None when nothing would stay."""
        s_dl = self.span(self.i)[0]
        e_chk = self.span(self.i + 1)[1]
        if self.i + 2 < len(self.parts):
            return (s_dl, self.span(self.i + 2)[0])
        if self.i > 0:
            return (self.span(self.i - 1)[1], e_chk)
        return None


def _commands_in(view: "ShellView", part) -> "list[SimpleCommand]":
    s, e = view.file_span(part)
    return [c for c in view.commands() if s <= c.start < e]


def _download(view: "ShellView", part) -> SavedDownload | None:
    if not is_command(part):
        return None
    cmds = _commands_in(view, part)
    if len(cmds) != 1:
        return None
    return saved_download(cmds[0])


def _checksum(view: "ShellView", part, out: "ShellWord") -> str | None:
    if not is_pipeline(part):
        return None
    return sha256_check(_commands_in(view, part), out.text.strip("\"'"))


# -- refusals: each returns its reason, or None -------------------------------------------------
def _runs_as_non_root(ctx: "Context", site: _Site) -> str | None:
    user = ctx.model.user_at(site.run)
    if user is not None and not im.is_root_user(user):
        return f"the stage runs as USER {user}; ADD stores remote files readable by root only"
    return None


def _cd_before_download(ctx: "Context", site: _Site) -> str | None:
    for c in site.view.commands():
        if c.start < site.span(site.i)[0] and c.name in ("cd", "pushd"):
            return "a cd before the download: the file's path would change"
    return None


def _undeclared_variable(ctx: "Context", site: _Site) -> str | None:
    from dockfix.semantic.variables import scope_before, variables_in

    doc, run = ctx.doc, site.run
    stage = run.stage
    scope = scope_before(doc, run)
    declared = {k for st in model_of(doc).chain(stage) for x in st.instructions
                if x.start < run.start and x.cmd in ("ARG", "ENV")
                for k in re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)", x.args)} if stage else set()
    for what, t in (("checksum", site.hexv), ("URL", site.url.text), ("file name", site.out.text)):
        for var in variables_in(t):
            if var not in declared and var not in scope:
                return f"the {what} uses ${var}, which is not an ARG or ENV of the Dockerfile"
    return None


def _url_single_quoted_variable(ctx: "Context", site: _Site) -> str | None:
    u = site.url.text
    if len(u) >= 2 and u[0] == u[-1] == "'" and "$" in u:
        return "the URL is single-quoted with a $ in it"
    return None


def _url_unquotable(ctx: "Context", site: _Site) -> str | None:
    u = site.url_text
    if any(ch in u for ch in " \t\"'`\\") or "$(" in u:
        return "the URL has quotes, spaces or command substitutions"
    return None


def _url_not_http(ctx: "Context", site: _Site) -> str | None:
    from dockfix.semantic.variables import expand, scope_before

    if not re.match(r"(?i)^https?://", expand(site.url_text, scope_before(ctx.doc, site.run)) or ""):
        return "the URL is not known to be an http(s) address (ADD would copy a local file)"
    return None


def _output_path_unquotable(ctx: "Context", site: _Site) -> str | None:
    o = site.out_text
    if any(ch in o for ch in " \t\"'`\\*?[") or "$(" in o:
        return "the output path has quotes or patterns"
    return None


def _nothing_would_stay(ctx: "Context", site: _Site) -> str | None:
    if site.cut() is None:
        return "the RUN only downloads and checks: nothing would stay in it"
    return None


def _comment_in_cut(ctx: "Context", site: _Site) -> str | None:
    text = ctx.doc.text
    cut = site.cut()
    assert cut is not None
    gap = text[cut[0]:cut[1]]
    if "#" in gap.replace(text[site.span(site.i)[0]:site.span(site.i + 1)[1]], ""):
        return "comment lines inside the part to remove"
    return None


def _not_plain_parts(ctx: "Context", site: _Site) -> str | None:
    doc = ctx.doc
    text = doc.text
    cut = site.cut()
    assert cut is not None
    s_dl, e_dl = site.span(site.i)
    s_chk, e_chk = site.span(site.i + 1)
    seps = text[cut[0]:s_dl] + text[e_dl:s_chk] + text[e_chk:cut[1]]
    if not re.fullmatch(r"[ \t\r\n;&" + re.escape(doc.escape) + r"]*", seps):
        return "the download and the check are not plain parts of the RUN"
    return None


_REFUSALS: tuple[Callable[["Context", _Site], str | None], ...] = (
    _runs_as_non_root,
    _cd_before_download,
    _undeclared_variable,
    _url_single_quoted_variable,
    _url_unquotable,
    _url_not_http,
    _output_path_unquotable,
    _nothing_would_stay,
    _comment_in_cut,
    _not_plain_parts,
)


def _render(ctx: "Context", site: _Site) -> Fix:
    from dockfix.syntax.text import keyword_case

    run = site.run
    cut = site.cut()
    assert cut is not None
    add = f"{keyword_case('ADD', run)} --checksum=sha256:{site.hexv} {site.url_text} {site.out_text}{ctx.doc.newline}"
    edits = [Edit.insert(run.start, add), Edit(cut[0], cut[1], "")]
    return Fix(edits, UNSAFE, message="ADD --checksum")


class CurlTarballToAdd(Transform):
    name = "curl-tarball-to-add"
    code = "DF223"
    summary = "Fetch a checksummed download with ADD --checksum instead of curl + sha256sum"
    hadolint = ()
    buildkit = ()
    applicability = UNSAFE
    max_applicability = UNSAFE
    default_enabled = False
    links = ("https://docs.docker.com/reference/dockerfile/#add---checksum",
             "https://docs.docker.com/build/building/best-practices/#add-or-copy")
    explanation = """
What: the other direction of add-tarball-to-curl, for those who prefer
Docker's current advice. A RUN that downloads a file and checks its SHA-256
    RUN curl -fsSLo /tmp/x.tgz https://example.com/x.tgz \\
     && echo "<sha256>  /tmp/x.tgz" | sha256sum -c - \\
     && tar -xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz
becomes
    ADD --checksum=sha256:<sha256> https://example.com/x.tgz /tmp/x.tgz
    RUN tar -xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz

Why: BuildKit verifies the checksum itself and re-fetches the URL when it
changes, so the cache follows the remote file (a RUN with curl is cached
by its text only); the build also no longer needs curl or wget.

Fix safety: unsafe, and only run when selected by name (it undoes
add-tarball-to-curl; when both are selected, add-tarball-to-curl leaves
ADD --checksum alone). ADD --checksum needs BuildKit (Dockerfile 1.6+);
Buildah/Podman and Kaniko reject it. The checksum may come from an ARG or
ENV (BuildKit expands it); shell-only expansions (`${V%%x}`) are refused. The downloaded file now stays in its own layer
(the image grows by its size even when a later RUN deletes it); ADD
stores remote files with mode 600 owned by root. Refused when curl/wget
use other options (headers, auth, proxies: ADD cannot send them), when a
`cd` comes first, when the stage runs as a non-root user, and when the
download and the check are not consecutive parts of an `&&` chain.
"""

    def check(self, ctx: "Context") -> Iterator[Finding]:
        doc = ctx.doc
        if doc.is_windows:
            return
        for ins in doc.instructions:
            if ins.cmd != "RUN" or ins.heredocs or ins.flags:
                continue
            view = model_of(doc).shell_view(ins)
            if view is None or view.has_error:
                continue
            finding = self._check_run(ctx, ins, view)
            if finding is not None:
                yield finding

    def _check_run(self, ctx: "Context", ins: "Instruction", view: "ShellView") -> Finding | None:
        """The first download in the RUN followed by its checksum check, as a finding."""
        parts = flatten(view).parts
        for i in range(len(parts) - 1):
            got = _download(view, parts[i])
            if got is None:
                continue
            hexv = _checksum(view, parts[i + 1], got.out)
            if hexv is None:
                continue
            msg = "download checked with sha256sum: ADD --checksum does both and follows the remote file"
            if got.bad:
                return ctx.finding(self, ins, msg, refused=f"the download uses {got.bad}, which ADD cannot do")
            site = _Site(ins, view, parts, i, got.url, got.out, hexv)
            reason = first_refusal(_REFUSALS, ctx, site)
            if reason is not None:
                return ctx.finding(self, ins, msg, refused=reason)
            return ctx.finding(self, ins, msg, fix=_render(ctx, site))
        return None
