"""add-tarball-to-curl: `ADD <url-of-tarball>` + `RUN tar -x...` -> download and extract in one RUN."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator

from dockfix.fixing.edit import UNSAFE, Edit, Finding, Fix
from dockfix.fixing.refusals import first_refusal
from dockfix.fixing.registry import Transform
from dockfix.semantic import images as im
from dockfix.semantic.model import model_of
from dockfix.shell.downloads import COMPRESSED, TARBALL, tar_file_word, tar_names_compression
from dockfix.shell.facts import and_list, flatten
from dockfix.shell.nodes import is_plain_statement, part_of_command

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.fixing.context import Context, RunSettings
    from dockfix.shell.view import ShellView, ShellWord, SimpleCommand
    from dockfix.syntax.cst import Dockerfile, Instruction, Stage

_ALLOWED_FLAGS = {"checksum", "chown", "chmod", "link"}
_BETWEEN_OK = {"ENV", "ARG", "LABEL", "EXPOSE", "STOPSIGNAL", "HEALTHCHECK", "MAINTAINER", "CMD", "ENTRYPOINT", "ADD", "COPY"}
_SUMS = {"sha256": "sha256sum", "sha384": "sha384sum", "sha512": "sha512sum"}


def _glob_hits(text: str, path: str) -> bool:
    """A glob in ``text`` (``/opt/*.tar.gz``, ``*.tgz``) that may match the file ``path``."""
    base = posixpath.basename(path)
    for tok in re.split(r"[\s'\";|&()<>=,]+", text):
        if not any(g in tok for g in "*?["):
            continue
        if tok.startswith("/"):
            if fnmatch.fnmatch(path, tok):
                return True
        elif "/" not in tok and re.search(r"[A-Za-z0-9]", tok) and fnmatch.fnmatch(base, tok):
            return True  # `*.tar.gz` in some folder: where it looks is not followed, so assume the archive's
    return False


def _reverse_selected(settings: "RunSettings") -> bool:
    """curl-tarball-to-add (the other direction) is selected by name or code."""
    from dockfix.fixing import registry

    reverse = registry.get("curl-tarball-to-add")
    if reverse is None:
        return False
    sel = list(settings.select or ()) + list(settings.extend_select or ())
    return any(s.upper() != "ALL" and registry.matches(reverse, s) for s in sel)


def _next_run(ins_list: "list[Instruction]", k: int) -> "Instruction | None":
    """The RUN after the ADD, when only harmless instructions come between."""
    for other in ins_list[k + 1:]:
        if other.cmd == "RUN":
            return other
        if other.cmd not in _BETWEEN_OK:
            return None
    return None


def _archive_paths(dest: str, dest_v: str, name_v: str, bare: str, wd: str | None) -> tuple[str, str] | None:
    """The archive's path (expanded) and the same path as written (ARG/ENV
    references kept, for the commands we add); None when not known or not usable."""
    path = dest_v + name_v if dest_v.endswith("/") else dest_v
    if not path.startswith("/"):
        if wd is None:
            return None
        path = posixpath.join(wd, path)
    path = im.normpath(path)
    written = dest + posixpath.basename(bare) if dest.endswith("/") else dest
    if not written.startswith("/") and not (written.startswith("$") and dest_v.startswith("/")):
        if wd is None:
            return None
        written = posixpath.join(wd, written)
    written = im.normpath(written)
    if any(c in written for c in "\"'`\\ ") or "$(" in written:
        return None
    return path, written


@dataclass
class _Site:
    """An ADD of a remote tarball and the next RUN, which extracts it with ``tar_cmd``."""

    doc: "Dockerfile"
    stage: "Stage"
    ins_list: "list[Instruction]"
    k: int  # the ADD's index in ins_list
    ins: "Instruction"
    url: str
    run: "Instruction"
    view: "ShellView"
    path: str  # the archive's path, expanded
    written: str  # the same, as written in the Dockerfile
    renv: dict
    run_wd: str | None
    tar_cmd: "SimpleCommand | None" = None
    kind: str = ""  # how tar names the archive (dockfix.shell.downloads.TarFile.kind)
    fword: "ShellWord | None" = None
    parts: list = field(default_factory=list)

    def resolve(self, w: "ShellWord") -> str | None:
        """The absolute path a word of the RUN names, or None."""
        from dockfix.semantic.variables import expand

        v = w.value
        if v is None:
            t = w.text
            if len(t) >= 2 and t[0] == t[-1] == '"':
                t = t[1:-1]
            if any(c in t for c in "'`\\*?[") or "$(" in t:
                return None
            v = expand(t, self.renv)
            if v is None:
                return None
        if not v.startswith("/"):
            if self.run_wd is None:
                return None
            v = posixpath.join(self.run_wd, v)
        return im.normpath(v)

    def find_tar(self) -> str | None:
        """Set ``tar_cmd``/``kind``/``fword`` to the command that extracts the
        archive; a refusal when tar names it in a way we cannot rewrite."""
        for c in self.view.commands():
            got = tar_file_word(c)
            if got is None:
                continue
            kind, w, extract = got
            target = w
            if kind == "eq":
                v = w.value
                if v is None:
                    continue
                from dockfix.shell.view import ShellWord
                target = ShellWord(v[len("--file="):], v[len("--file="):], w.start, w.end, w.node)
            if self.resolve(target) != self.path:
                continue
            if kind in ("attached", "complex"):
                return "the tar command's options are too unusual to rewrite"
            if not extract:
                continue
            self.tar_cmd, self.kind, self.fword = c, kind, w
            break
        return None


# -- refusals: each returns its reason, or None -------------------------------------------------
def _url_unquotable(site: _Site) -> str | None:
    url = site.url
    if not url.isascii() or any(c in url for c in "\"'`\\ ") or "$(" in url:
        return "the URL has quotes, spaces or command substitutions"
    return None


# a URL whose content moves (a branch's archive, a "latest" release, a nightly): ADD fetches it on
# every build and its cache follows the content; a RUN's cache follows its text, so a warm builder
# would keep the first download forever
_MOVING_URL = re.compile(r"(?i)/(?:archive|tarball|zipball)/(?:refs/heads/)?(?:master|main|develop|dev|trunk|HEAD)\b|"
                         r"/(?:latest|nightly|snapshot|current)(?:/|[-_.])|[-_.](?:latest|nightly|snapshot)[-_.]")


def _moving_url(site: _Site) -> str | None:
    if site.ins.flag("checksum") is None and _MOVING_URL.search(site.url):
        return ("the URL names moving content (a branch, latest, a nightly): ADD fetches it on every build, "
                "a RUN with curl is cached by its text and would keep the first download")
    return None


def _add_flag_without_curl_equivalent(site: _Site) -> str | None:
    for f in site.ins.flags:
        if f.name not in _ALLOWED_FLAGS:
            return f"ADD --{f.name} has no curl equivalent"
    return None


def _between_interferes(site: _Site) -> str | None:
    """An instruction between the ADD and the RUN changes the URL or writes beside the archive."""
    ins_list = site.ins_list
    path = site.path
    for b in ins_list[site.k + 1:ins_list.index(site.run)]:
        if b.cmd in ("ENV", "ARG"):
            names = {n for n in re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", site.url)}
            if names and re.search(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, names)) + r")(=|\s|$)", b.args):
                return f"{b.cmd} on line {b.line} changes a variable the URL uses"
        if b.cmd in ("ADD", "COPY") and not b.json:
            bw = b.plain_words()
            if bw and bw[-1].text.rstrip("/") and im.normpath(bw[-1].text) in (path, posixpath.dirname(path)):
                return f"{b.cmd} on line {b.line} writes to the archive's folder"
    return None


def _runs_as_non_root(site: _Site) -> str | None:
    user = model_of(site.doc).user_at(site.ins)
    if user is not None and not im.is_root_user(user):
        return f"the stage runs as USER {user} here; mkdir/extract may need root"
    return None


def _archive_used_later(site: _Site) -> str | None:
    doc, stage, path = site.doc, site.stage, site.path
    ins_list = site.ins_list
    later = ins_list[ins_list.index(site.run) + 1:] + [i for st in doc.stages[stage.index + 1:] for i in st.instructions]
    for other in later:
        # the whole instruction: a heredoc body is not in line_text
        otext = doc.text[other.start:other.end]
        if path in otext or (posixpath.basename(path) in otext and other.cmd != "FROM"):
            return f"the archive is used again on line {other.line}"
        if other.cmd != "FROM" and _glob_hits(otext, path):
            return f"a glob on line {other.line} may match the archive"
    return None


def _tar_not_plain_command(site: _Site) -> str | None:
    view, tar_cmd = site.view, site.tar_cmd
    assert tar_cmd is not None
    if part_of_command(view, site.parts, tar_cmd) is None:
        return "the tar command is inside a pipeline, subshell or condition"
    return None


_REFUSALS: tuple[Callable[[_Site], str | None], ...] = (
    _url_unquotable,
    _moving_url,
    _add_flag_without_curl_equivalent,
    _between_interferes,
    _runs_as_non_root,
    _archive_used_later,
    _tar_not_plain_command,
)


# -- plan -----------------------------------------------------------------------------------------
@dataclass
class _Uses:
    """How the RUN uses the archive besides extracting it."""

    rms: list  # (rm command, its words naming the archive)
    others: bool  # some other command reads it (a checksum check, a glob...)
    mentions: list[int]  # start offsets of the commands naming it


def _uses(site: _Site) -> _Uses:
    path, run_wd, tar_cmd = site.path, site.run_wd, site.tar_cmd
    assert tar_cmd is not None
    rms = []
    others = False
    base = posixpath.basename(path)
    mentions = [tar_cmd.start]
    for c in site.view.commands():
        if c is tar_cmd:
            continue
        hits = [w for w in c.argv[1:] if site.resolve(w) == path]
        if c.name == "rm" and hits:
            rms.append((c, hits))
            mentions.append(c.start)
            continue
        if hits:
            others = True
            mentions.append(c.start)
        for w in c.argv[1:] + c.assignments:
            if others and c.start in mentions:
                break
            if base in w.text:
                others = True
                mentions.append(c.start)
            elif any(g in w.text for g in "*?["):
                g = w.text.strip("'\"")
                if not g.startswith("/") and run_wd is not None:
                    g = posixpath.join(run_wd, g)
                if fnmatch.fnmatch(path, g):
                    others = True
                    mentions.append(c.start)
    return _Uses(rms, others, mentions)


@dataclass
class _Plan:
    """Where and how the download goes into the RUN."""

    pipe: bool  # `curl URL | tar -xf -`, else download to the old path and delete it at the end
    tool: str  # curl or wget
    insert_at: int
    edits: list[Edit] = field(default_factory=list)  # pipe: the tar file word and the dropped rm
    check: str = ""  # file: the checksum check after the download
    rm_at: int | None = None  # file: where to add the archive's rm


class AddTarballToCurl(Transform):
    name = "add-tarball-to-curl"
    code = "DF221"
    summary = "Download and extract a remote tarball in one RUN instead of ADD + tar"
    hadolint = ()  # hadolint's DL3020 covers local files only, not URLs
    buildkit = ()
    applicability = UNSAFE
    max_applicability = UNSAFE
    links = ("https://docs.docker.com/build/building/best-practices/#add-or-copy",
             "https://docs.docker.com/reference/dockerfile/#add---checksum")
    explanation = """
What: `ADD https://.../x.tar.xz /dir/` followed by a RUN that extracts it
(`tar -xJf /dir/x.tar.xz -C /dir`) becomes a download inside that RUN:
    RUN mkdir -p /dir && curl -fsSL "https://.../x.tar.xz" | tar -xJf - -C /dir
ARG/ENV references in the URL are kept (the shell expands them the same
way); the archive's later `rm` is dropped (there is no file any more). When
the RUN uses the archive otherwise (a checksum check, a plain `.tar`, or ADD
--checksum), the archive is downloaded to its old path with `curl -fsSLo`,
verified with `sha256sum -c` for ADD --checksum, extracted as before and
deleted in the same RUN. `wget -qO-` is used when curl is not there. Local
archives stay ADD (ADD extracts them itself).

Why: ADD stores the archive in its own layer; deleting it in a later RUN does
not make the image smaller. Downloading and extracting in one RUN keeps only
the extracted files (Docker's best practices recommend curl/wget in a RUN
over ADD for remote archives that are extracted and deleted).

The trade-off: Docker now documents `ADD --checksum=sha256:...` as the
better choice for remote files when cache precision matters: BuildKit
checks ADD's URL for changes and re-runs the step when the file changed,
whereas a RUN with curl is cached by its text and never sees a new
upstream file until the cache is dropped. Prefer keeping ADD --checksum
when the archive is small or must be re-fetched on change; prefer this fix
for large archives you only need extracted, or when the file must also
build with Buildah/Podman or Kaniko, which do not support ADD --checksum.
The opt-in `curl-tarball-to-add` transform does the opposite rewrite.

Example:
    ADD http://example.com/big.tar.xz /usr/src/things/
    RUN tar -xJf /usr/src/things/big.tar.xz -C /usr/src/things && rm /usr/src/things/big.tar.xz && make -C /usr/src/things all
becomes
    RUN mkdir -p /usr/src/things && curl -fsSL "http://example.com/big.tar.xz" | tar -xJf - -C /usr/src/things && make -C /usr/src/things all

Fix safety: unsafe. The build needs network access inside RUN and curl or
wget in the image (checked: installed earlier in the file or known in the
base image, else refused); the download is no longer checked for changes
by the cache (see above); ADD --chown/--chmod only applied to the archive,
which is no longer kept. In the pipe form a failed download shows up as a
tar error. Refused when the archive is used after that RUN, when the
extraction RUN is not the next step, when the stage runs as a non-root user
(mkdir needs root), when the URL has quotes or command substitutions, and
for archives whose name ADD cannot tell.
"""

    def check(self, ctx: "Context") -> Iterator[Finding]:
        doc = ctx.doc
        if doc.is_windows:
            return
        for stage in doc.stages:
            ins_list = stage.instructions
            for k, ins in enumerate(ins_list):
                got = self._remote_tarball(ctx, ins)
                if got is None:
                    continue
                url, bare, dest = got
                res = self._plan(ctx, stage, ins_list, k, ins, url, bare, dest)
                if res is None:
                    continue
                msg = "ADD of a remote tarball keeps the archive in a layer"
                if isinstance(res, str):
                    yield ctx.finding(self, ins, msg, refused=res)
                else:
                    yield ctx.finding(self, ins, msg + "; download and extract it in the RUN", fix=res)

    def _remote_tarball(self, ctx: "Context", ins: "Instruction") -> tuple[str, str, str] | None:
        """(URL, URL without query and fragment, destination) of an ADD of a remote tarball."""
        if ins.cmd != "ADD" or ins.json or ins.heredocs:
            return None
        if ins.flag("checksum") is not None and _reverse_selected(ctx.settings):
            return None  # the user asked for the other direction
        words = ins.plain_words()
        if len(words) != 2:
            return None
        url = words[0].text
        if not re.match(r"(?i)^https?://", url):
            return None
        bare = url.split("?", 1)[0].split("#", 1)[0]
        if not TARBALL.search(bare):
            return None
        return url, bare, words[1].text

    def _plan(self, ctx: "Context", stage: "Stage", ins_list: "list[Instruction]", k: int, ins: "Instruction",
              url: str, bare: str, dest: str) -> Fix | str | None:
        """The fix, a refusal, or None when this is not the pattern (no RUN extracting the archive next)."""
        site = self._detect(ctx, stage, ins_list, k, ins, url, bare, dest)
        if site is None or isinstance(site, str):
            return site
        reason = first_refusal(_REFUSALS, site)
        if reason is not None:
            return reason
        plan = self._plan_download(site, _uses(site))
        if isinstance(plan, str):
            return plan
        return _render(site, plan)

    def _detect(self, ctx: "Context", stage: "Stage", ins_list: "list[Instruction]", k: int, ins: "Instruction",
                url: str, bare: str, dest: str) -> _Site | str | None:
        from dockfix.semantic.variables import expand, scope_before

        doc = ctx.doc
        # the RUN that extracts it
        env = scope_before(doc, ins)
        dest_v = expand(dest, env)
        name_v = expand(posixpath.basename(bare), env)
        run = _next_run(ins_list, k)
        if run is None or dest_v is None or name_v is None:
            return None
        wd = self._workdir(doc, stage, ins)
        paths = _archive_paths(dest, dest_v, name_v, bare, wd)
        if paths is None:
            return None
        view = model_of(doc).shell_view(run)
        if view is None or view.has_error or run.heredocs:
            return None
        renv = scope_before(doc, run)
        run_wd = self._workdir(doc, stage, run)
        site = _Site(doc, stage, ins_list, k, ins, url, run, view, paths[0], paths[1], renv, run_wd)
        unusual = site.find_tar()
        if unusual is not None:
            return unusual
        if site.tar_cmd is None:
            return None  # not extracted by the next RUN: not this transform's pattern
        site.parts = flatten(view).parts
        return site

    def _plan_download(self, site: _Site, uses: _Uses) -> _Plan | str:
        """Pipe the download into tar when nothing else reads the archive, else save it to its old path."""
        doc, run, tar_cmd = site.doc, site.run, site.tar_cmd
        assert tar_cmd is not None
        checksum = site.ins.flag("checksum")
        pipe = not uses.others and checksum is None and COMPRESSED.search(site.path) is not None and \
            tar_names_compression(tar_cmd.argv)
        # the downloader
        insert_at = tar_cmd.start
        tool = self._tool(doc, run, insert_at)
        if tool is None:
            return "neither curl nor wget is known to be in the image (install one first, or keep ADD)"
        if pipe:
            return self._plan_pipe(site, uses, _Plan(True, tool, insert_at))
        view, parts = site.view, site.parts
        first = min(uses.mentions)
        first_part = next((p for p in parts if view.file_span(p)[0] <= first < view.file_span(p)[1]), None)
        if first_part is None or not is_plain_statement(first_part):
            return "the archive is first used inside a subshell, loop or condition"
        insert_at = view.file_span(first_part)[0]
        tool = self._tool(doc, run, insert_at)
        if tool is None:
            return "neither curl nor wget is known to be in the image (install one first, or keep ADD)"
        plan = _Plan(False, tool, insert_at)
        if checksum is not None:
            algo, _, hexv = (checksum.value or "").partition(":")
            if algo not in _SUMS or not re.fullmatch(r"[0-9a-fA-F]+", hexv or ""):
                return f"ADD --checksum={checksum.value} is not a sha256/384/512 digest"
            plan.check = f" && echo \"{hexv}  {site.written}\" | {_SUMS[algo]} -c -"
        if not uses.rms:
            if len(view.top_statements()) != 1 or and_list(view) is None:
                return "cannot add the archive's `rm` to this RUN (not a plain && chain)"
            plan.rm_at = view.file_span(parts[-1])[1]
        return plan

    def _plan_pipe(self, site: _Site, uses: _Uses, plan: _Plan) -> _Plan | str:
        """tar reads the download from its stdin; the archive's `rm`s go."""
        fword = site.fword
        assert fword is not None
        if site.kind == "eq":
            plan.edits.append(Edit(fword.start, fword.end, "--file=-"))
        else:
            plan.edits.append(Edit(fword.start, fword.end, "-"))
        for c, hits in uses.rms:
            e = self._drop_rm(site.doc, site.view, site.parts, c, hits)
            if e is None:
                return "cannot remove the archive's `rm` cleanly (comment lines inside the RUN?)"
            plan.edits.extend(e)
        return plan

    def _drop_rm(self, doc, view, parts, cmd, hits):
        text = doc.text
        args = cmd.argv[1:]
        nonopt = [w for w in args if not (w.value or "").startswith("-")]
        if len(nonopt) > len(hits):
            # rm of other files too: drop only the archive's word(s)
            out = []
            for w in hits:
                s = w.start
                while s > 0 and text[s - 1] in " \t":
                    s -= 1
                out.append(Edit(s, w.end, ""))
            return out
        idx = part_of_command(view, parts, cmd)
        if idx is None:
            return None
        s, e = view.file_span(parts[idx])
        if idx > 0:
            ps, pe = view.file_span(parts[idx - 1])
            gap = text[pe:s]
            cut = (pe, e)
        elif idx + 1 < len(parts):
            ns, ne = view.file_span(parts[idx + 1])
            gap = text[e:ns]
            cut = (s, ns)
        else:
            return None
        if "#" in gap or not re.fullmatch(r"[\s;&" + re.escape(doc.escape) + r"]*", gap) or gap.count("&&") + gap.count(";") != 1:
            return None
        return [Edit(cut[0], cut[1], "")]

    def _tool(self, doc, run, pos):
        for tool in ("curl", "wget"):
            if model_of(doc).tool_installed_before(run, tool):
                return tool
        before = doc.text[run.start:pos]
        for tool in ("curl", "wget"):
            if re.search(r"\b(install|add)\b[^;&|]*(?<![\w-])" + tool + r"(?![\w-])", before):
                return tool
        return None

    def _workdir(self, doc, stage, upto):
        """The WORKDIR in force at ``upto``; None when none is set or it is unknown."""
        state = model_of(doc).workdir_state(upto)
        return state.cwd if state is not None and state.set_by is not None else None


def _render(site: _Site, plan: _Plan) -> Fix:
    qurl = '"' + site.url + '"'
    written = site.written
    pre = f"mkdir -p {posixpath.dirname(written)} && " if posixpath.dirname(site.path) not in ("/", "/tmp") else ""
    if plan.pipe:
        dl = (f"curl -fsSL {qurl} | " if plan.tool == "curl" else f"wget -qO- {qurl} | ")
        edits = [Edit.insert(plan.insert_at, pre + dl)] + plan.edits
    else:
        dl = f"curl -fsSLo {written} {qurl}" if plan.tool == "curl" else f"wget -qO {written} {qurl}"
        edits = [Edit.insert(plan.insert_at, pre + dl + plan.check + " && ")]
        if plan.rm_at is not None:
            edits.append(Edit.insert(plan.rm_at, f" && rm -f {written}"))
    # drop the ADD (and the comments it owns stay: they now describe the RUN's step)
    edits.append(Edit(site.ins.start, site.ins.end, ""))
    return Fix(edits, UNSAFE, message=f"download {posixpath.basename(site.path)} in the RUN with {plan.tool}")
