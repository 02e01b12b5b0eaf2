"""`ADD <url-of-tarball>` + `RUN tar -x...` -> download and extract in one RUN."""

from __future__ import annotations

import fnmatch
import posixpath
import re

from dockfix.fixing.edit import UNSAFE, Edit, Fix
from dockfix.fixing.registry import Transform

from dockfix.semantic import images as im
from dockfix.semantic.model import model_of

_TARBALL = re.compile(r"\.(tar\.(gz|xz|bz2|zst|lz|lzma)|tgz|txz|tbz2?|tzst|tar)$", re.I)
_COMPRESSED = re.compile(r"\.(tar\.(gz|xz|bz2|zst|lz|lzma)|tgz|txz|tbz2?|tzst)$", re.I)
_ALLOWED_FLAGS = {"checksum", "chown", "chmod", "link"}
_BETWEEN_OK = {"ENV", "ARG", "LABEL", "EXPOSE", "STOPSIGNAL", "HEALTHCHECK", "MAINTAINER", "CMD", "ENTRYPOINT", "ADD", "COPY"}
_SUMS = {"sha256": "sha256sum", "sha384": "sha384sum", "sha512": "sha512sum"}


def _tar_file_word(cmd):
    """(word, replacement-for-stdin) for the archive a tar command reads, or None."""
    argv = cmd.argv
    if not argv or posixpath.basename(argv[0].value or "") not in ("tar", "bsdtar", "gtar"):
        return None
    extract = False
    i = 1
    while i < len(argv):
        w = argv[i]
        t = w.value
        if t is None:
            i += 1
            continue
        if t.startswith("--"):
            if t in ("--extract", "--get"):
                extract = True
            if t == "--file" and i + 1 < len(argv):
                return ("sep", argv[i + 1], extract or _extracts(argv))
            if t.startswith("--file="):
                return ("eq", w, extract or _extracts(argv))
        elif t.startswith("-") or i == 1:
            cluster = t.lstrip("-")
            if "x" in cluster:
                extract = True
            if "f" in cluster:
                pos = cluster.index("f")
                if pos != len(cluster) - 1:
                    return ("attached", w, extract)
                # old-style bundled options take their values in order: only f wanting one is simple
                if not t.startswith("-") and any(c in cluster[:pos] for c in "CbLNTVgKX"):
                    return ("complex", w, extract)
                if i + 1 < len(argv):
                    return ("sep", argv[i + 1], extract or _extracts(argv))
        i += 1
    return None


def _extracts(argv):
    for w in argv[1:]:
        t = w.value or ""
        if t in ("--extract", "--get") or (re.match(r"^-?[A-Za-z]+$", t) and "x" in t.lstrip("-") and not t.startswith("--")):
            return True
    return False


def _names_compression(argv) -> bool:
    """The tar command says how the archive is compressed (needed when reading a pipe)."""
    for i, w in enumerate(argv[1:], 1):
        t = w.value or ""
        if t in ("--gzip", "--gunzip", "--ungzip", "--xz", "--bzip2", "--zstd", "--lzma", "--lzip", "--lzop") or \
                t.startswith(("--use-compress-program", "-I")):
            return True
        if (t.startswith("-") and not t.startswith("--")) or (i == 1 and re.fullmatch(r"[A-Za-z]+", t)):
            if any(c in t.lstrip("-") for c in "zJjZ"):
                return True
    return False


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


def _parts(view):
    """Top-level statements and the parts of `&&` chains, with their separators' kind."""
    out = []

    def flat(n):
        if n.type == "list":
            ops = [c.type for c in n.children if not c.is_named]
            if any(op != "&&" for op in ops):
                out.append(n)
                return
            for c in n.children:
                if c.is_named and c.type != "comment":
                    flat(c)
            return
        out.append(n)

    for s in view.top_statements():
        flat(s)
    return out


class AddTarballToCurl(Transform):
    name = "add-tarball-to-curl"
    code = "DF221"
    summary = "Download and extract a remote tarball in one RUN instead of ADD + tar"
    hadolint = ()  # hadolint's DL3020 covers local files only, not URLs
    buildkit = ()
    applicability = UNSAFE
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

    def check(self, ctx):
        doc = ctx.doc
        if doc.is_windows:
            return
        for stage in doc.stages:
            ins_list = stage.instructions
            for k, ins in enumerate(ins_list):
                if ins.cmd != "ADD" or ins.json or ins.heredocs:
                    continue
                if ins.flag("checksum") is not None and _reverse_selected(ctx.settings):
                    continue  # the user asked for the other direction
                words = ins.plain_words()
                if len(words) != 2:
                    continue
                url = words[0].text
                if not re.match(r"(?i)^https?://", url):
                    continue
                bare = url.split("?", 1)[0].split("#", 1)[0]
                if not _TARBALL.search(bare):
                    continue
                res = self._plan(ctx, stage, ins_list, k, ins, url, bare, words[1].text)
                if res is None:
                    continue
                msg = "ADD of a remote tarball keeps the archive in a layer"
                if isinstance(res, str):
                    yield ctx.finding(self, ins, msg, refused=res)
                else:
                    yield ctx.finding(self, ins, msg + "; download and extract it in the RUN", fix=res)

    def _plan(self, ctx, stage, ins_list, k, ins, url, bare, dest):
        from dockfix.semantic.variables import expand, scope_before

        doc = ctx.doc
        # the RUN that extracts it
        env = scope_before(doc, ins)
        dest_v = expand(dest, env)
        name_v = expand(posixpath.basename(bare), env)
        run = None
        for other in ins_list[k + 1:]:
            if other.cmd == "RUN":
                run = other
                break
            if other.cmd not in _BETWEEN_OK:
                return None
        if run is None or dest_v is None or name_v is None:
            return None
        wd = self._workdir(doc, stage, ins)
        path = dest_v + name_v if dest_v.endswith("/") else dest_v
        if not path.startswith("/"):
            if wd is None:
                return None
            path = posixpath.join(wd, path)
        path = im.normpath(path)
        # the same path as written (ARG/ENV references kept), for the commands we add
        written = dest + posixpath.basename(bare) if dest.endswith("/") else dest
        if not written.startswith("/") and not (written.startswith("$") and dest_v.startswith("/")):
            if wd is None:
                return None
            written = posixpath.join(wd, written)
        written = im.normpath(written)
        if any(c in written for c in "\"'`\\ ") or "$(" in written:
            return None
        view = model_of(doc).shell_view(run)
        if view is None or view.has_error or run.heredocs:
            return None
        renv = scope_before(doc, run)
        run_wd = self._workdir(doc, stage, run)

        def resolve(w):
            v = w.value
            if v is None:
                t = w.text
                if len(t) >= 2 and t[0] == t[-1] == '"':
                    t = t[1:-1]
                if any(c in t for c in "'`\\*?[") or "$(" in t:
                    return None
                v = expand(t, renv)
                if v is None:
                    return None
            if not v.startswith("/"):
                if run_wd is None:
                    return None
                v = posixpath.join(run_wd, v)
            return im.normpath(v)

        cmds = view.commands()
        tar = None
        for c in cmds:
            got = _tar_file_word(c)
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
            if resolve(target) != path:
                continue
            if kind in ("attached", "complex"):
                return "the tar command's options are too unusual to rewrite"
            if not extract:
                continue
            tar = (c, kind, w)
            break
        if tar is None:
            return None  # not extracted by the next RUN: not this transform's pattern
        # from here on it is our pattern: refuse with reasons
        if not url.isascii() or any(c in url for c in "\"'`\\ ") or "$(" in url:
            return "the URL has quotes, spaces or command substitutions"
        for f in ins.flags:
            if f.name not in _ALLOWED_FLAGS:
                return f"ADD --{f.name} has no curl equivalent"
        between = ins_list[k + 1:ins_list.index(run)]
        for b in between:
            if b.cmd in ("ENV", "ARG"):
                names = {n for n in re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", url)}
                if names and re.search(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, names)) + r")(=|\s|$)", b.args):
                    return f"{b.cmd} on line {b.line} changes a variable the URL uses"
            if b.cmd in ("ADD", "COPY") and not b.json:
                bw = b.plain_words()
                if bw and bw[-1].text.rstrip("/") and im.normpath(bw[-1].text) in (path, posixpath.dirname(path)):
                    return f"{b.cmd} on line {b.line} writes to the archive's folder"
        user = model_of(doc).user_at(ins)
        if user is not None and not im.is_root_user(user):
            return f"the stage runs as USER {user} here; mkdir/extract may need root"
        # later use of the archive
        later = ins_list[ins_list.index(run) + 1:] + [i for st in doc.stages[stage.index + 1:] for i in st.instructions]
        for other in later:
            # the whole instruction: a heredoc body is not in line_text
            otext = doc.text[other.start:other.end]
            if path in otext or (posixpath.basename(path) in otext and other.cmd != "FROM"):
                return f"the archive is used again on line {other.line}"
            if other.cmd != "FROM" and _glob_hits(otext, path):
                return f"a glob on line {other.line} may match the archive"
        # how the RUN refers to it
        tar_cmd, kind, fword = tar
        parts = _parts(view)
        tar_part = next((p for p in parts if view.file_span(p) == (tar_cmd.start, tar_cmd.end) or
                         (p.type == "command" and view.file_span(p)[0] == tar_cmd.start)), None)
        if tar_part is None or tar_part.type != "command":
            return "the tar command is inside a pipeline, subshell or condition"
        rms = []
        others = False
        base = posixpath.basename(path)
        mentions = [tar_cmd.start]
        for c in cmds:
            if c is tar_cmd:
                continue
            hits = [w for w in c.argv[1:] if resolve(w) == path]
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
        checksum = ins.flag("checksum")
        pipe = not others and checksum is None and _COMPRESSED.search(path) is not None and \
            _names_compression(tar_cmd.argv)
        # the downloader
        insert_at = tar_cmd.start
        tool = self._tool(doc, run, insert_at)
        if tool is None:
            return "neither curl nor wget is known to be in the image (install one first, or keep ADD)"
        qurl = '"' + url + '"'
        d = posixpath.dirname(path)
        edits = []
        if pipe:
            dl = (f"curl -fsSL {qurl} | " if tool == "curl" else f"wget -qO- {qurl} | ")
            pre = f"mkdir -p {posixpath.dirname(written)} && " if d not in ("/", "/tmp") else ""
            edits.append(Edit.insert(insert_at, pre + dl))
            if kind == "eq":
                edits.append(Edit(fword.start, fword.end, "--file=-"))
            else:
                edits.append(Edit(fword.start, fword.end, "-"))
            for c, hits in rms:
                e = self._drop_rm(doc, view, parts, c, hits)
                if e is None:
                    return "cannot remove the archive's `rm` cleanly (comment lines inside the RUN?)"
                edits.extend(e)
        else:
            first = min(mentions)
            first_part = next((p for p in parts if view.file_span(p)[0] <= first < view.file_span(p)[1]), None)
            if first_part is None or first_part.type not in ("command", "pipeline", "redirected_statement"):
                return "the archive is first used inside a subshell, loop or condition"
            insert_at = view.file_span(first_part)[0]
            tool = self._tool(doc, run, insert_at)
            if tool is None:
                return "neither curl nor wget is known to be in the image (install one first, or keep ADD)"
            dl = f"curl -fsSLo {written} {qurl}" if tool == "curl" else f"wget -qO {written} {qurl}"
            pre = f"mkdir -p {posixpath.dirname(written)} && " if d not in ("/", "/tmp") else ""
            chk = ""
            if checksum is not None:
                algo, _, hexv = (checksum.value or "").partition(":")
                if algo not in _SUMS or not re.fullmatch(r"[0-9a-fA-F]+", hexv or ""):
                    return f"ADD --checksum={checksum.value} is not a sha256/384/512 digest"
                chk = f" && echo \"{hexv}  {written}\" | {_SUMS[algo]} -c -"
            edits.append(Edit.insert(insert_at, pre + dl + chk + " && "))
            if not rms:
                last = parts[-1]
                if len(view.top_statements()) != 1 or view.and_list() is None:
                    return "cannot add the archive's `rm` to this RUN (not a plain && chain)"
                s, e = view.file_span(last)
                edits.append(Edit.insert(e, f" && rm -f {written}"))
        # drop the ADD (and the comments it owns stay: they now describe the RUN's step)
        edits.append(Edit(ins.start, ins.end, ""))
        return Fix(edits, UNSAFE, message=f"download {posixpath.basename(path)} in the RUN with {tool}")

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
        idx = next((i for i, p in enumerate(parts) if p.type == "command" and view.file_span(p)[0] == cmd.start), None)
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


_CURL_OK = re.compile(r"^-(-fail|-silent|-show-error|-location|[fsSL]+)$")
_WGET_OK = re.compile(r"^-(q|-quiet|nv|-no-verbose|-progress=\S+)$")
_CURL_VALUE = {"-H", "--header", "-u", "--user", "-x", "--proxy", "-A", "--user-agent", "-e", "--referer", "-b",
               "--cookie", "-c", "--cookie-jar", "-d", "--data", "-T", "-w", "--write-out", "--retry", "--retry-delay",
               "--retry-max-time", "--connect-timeout", "-m", "--max-time", "--cacert", "--cert", "-E", "-K", "--config",
               "-r", "--range", "-X", "--request", "--proto"}
_WGET_VALUE = {"--header", "--user", "--password", "-e", "--tries", "-t", "-T", "--timeout", "-U", "--user-agent",
               "--ca-certificate", "--certificate", "--post-data"}
_HARMLESS_VALUE = {"--retry", "--retry-delay", "--retry-max-time", "--connect-timeout", "-m", "--max-time", "-w",
                   "--write-out", "--tries", "-t", "-T", "--timeout", "--proto"}
_SUM_LINE = re.compile(r"^([0-9a-fA-F]{64}|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\})[ \t]+\*?(\S+)$")


def _reverse_selected(settings) -> bool:
    from dockfix.fixing import registry

    sel = list(settings.select or ()) + list(settings.extend_select or ())
    return any(s.upper() != "ALL" and registry.matches(CurlTarballToAdd, s) for s in sel)


class CurlTarballToAdd(Transform):
    name = "curl-tarball-to-add"
    code = "DF223"
    summary = "Fetch a checksummed download with ADD --checksum instead of curl + sha256sum"
    hadolint = ()
    buildkit = ()
    applicability = UNSAFE
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

    def check(self, ctx):
        doc = ctx.doc
        if doc.is_windows:
            return
        for ins in doc.instructions:
            if ins.cmd != "RUN" or ins.heredocs or ins.flags:
                continue
            view = model_of(doc).shell_view(ins)
            if view is None or view.has_error:
                continue
            parts = _parts(view)
            if len(parts) < 2:
                continue
            for i in range(len(parts) - 1):
                got = self._download(view, parts[i])
                if got is None:
                    continue
                url, out, bad = got
                hexv = self._checksum(view, parts[i + 1], out)
                if hexv is None:
                    continue
                msg = "download checked with sha256sum: ADD --checksum does both and follows the remote file"
                if bad:
                    yield ctx.finding(self, ins, msg, refused=f"the download uses {bad}, which ADD cannot do")
                    break
                res = self._fix(ctx, ins, view, parts, i, url, out, hexv)
                if isinstance(res, str):
                    yield ctx.finding(self, ins, msg, refused=res)
                else:
                    yield ctx.finding(self, ins, msg, fix=res)
                break

    def _download(self, view, part):
        if part.type != "command":
            return None
        cmds = [c for c in view.commands() if view.file_span(part)[0] <= c.start < view.file_span(part)[1]]
        if len(cmds) != 1:
            return None
        c = cmds[0]
        argv = c.argv
        name = argv[0].value
        if name not in ("curl", "wget"):
            return None
        url = out = bad = None
        i = 1
        while i < len(argv):
            w = argv[i]
            t = w.value if w.value is not None else w.text
            if name == "curl" and t in ("-o", "--output") or name == "wget" and t in ("-O", "--output-document"):
                if i + 1 >= len(argv):
                    return None
                out = argv[i + 1]
                i += 2
                continue
            if name == "curl" and re.fullmatch(r"-[fsSL]*o", t) or name == "wget" and re.fullmatch(r"-q?O", t):
                if i + 1 >= len(argv):
                    return None
                out = argv[i + 1]
                i += 2
                continue
            if t.startswith("-"):
                takes = _CURL_VALUE if name == "curl" else _WGET_VALUE
                if t in takes:
                    if t not in _HARMLESS_VALUE:
                        bad = bad or t
                    i += 2
                    continue
                if not (_CURL_OK if name == "curl" else _WGET_OK).match(t):
                    bad = bad or t
            else:
                if url is not None:
                    return None
                url = w
            i += 1
        if url is None or out is None:
            return None
        return url, out, bad

    def _checksum(self, view, part, out):
        if part.type != "pipeline":
            return None
        cmds = [c for c in view.commands() if view.file_span(part)[0] <= c.start < view.file_span(part)[1]]
        if len(cmds) != 2 or cmds[0].name not in ("echo", "printf") or cmds[1].name != "sha256sum":
            return None
        if [w.value for w in cmds[1].argv[1:]] not in (["-c", "-"], ["-c"], ["--check", "-"], ["--check"], ["-c", "--strict", "-"],
                                                       ["--strict", "-c", "-"]):
            return None
        args = cmds[0].argv[1:]
        if len(args) != 1:
            return None
        text = args[0].text
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
            text = text[1:-1]
        m = _SUM_LINE.match(text.strip())
        if m is None:
            return None
        target = out.text.strip("\"'")
        if m.group(2) != target:
            return None
        h = m.group(1)
        return h if h.startswith("$") else h.lower()

    def _fix(self, ctx, run, view, parts, i, url, out, hexv):
        doc = ctx.doc
        stage = run.stage
        user = model_of(doc).user_at(run)
        if user is not None and not im.is_root_user(user):
            return f"the stage runs as USER {user}; ADD stores remote files readable by root only"
        for c in view.commands():
            if c.start < view.file_span(parts[i])[0] and c.name in ("cd", "pushd"):
                return "a cd before the download: the file's path would change"
        from dockfix.semantic.variables import expand, scope_before, variables_in

        scope = scope_before(doc, run)
        declared = {k for st in model_of(doc).chain(stage) for x in st.instructions
                    if x.start < run.start and x.cmd in ("ARG", "ENV")
                    for k in re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)", x.args)} if stage else set()
        for what, t in (("checksum", hexv), ("URL", url.text), ("file name", out.text)):
            for var in variables_in(t):
                if var not in declared and var not in scope:
                    return f"the {what} uses ${var}, which is not an ARG or ENV of the Dockerfile"
        u = url.text
        if len(u) >= 2 and u[0] == u[-1] == '"':
            u = u[1:-1]
        elif len(u) >= 2 and u[0] == u[-1] == "'":
            if "$" in u:
                return "the URL is single-quoted with a $ in it"
            u = u[1:-1]
        if any(ch in u for ch in " \t\"'`\\") or "$(" in u:
            return "the URL has quotes, spaces or command substitutions"
        if not re.match(r"(?i)^https?://", expand(u, scope) or ""):
            return "the URL is not known to be an http(s) address (ADD would copy a local file)"
        o = out.text
        if len(o) >= 2 and o[0] == o[-1] == '"':
            o = o[1:-1]
        if any(ch in o for ch in " \t\"'`\\*?[") or "$(" in o:
            return "the output path has quotes or patterns"
        text = doc.text
        s_dl = view.file_span(parts[i])[0]
        e_chk = view.file_span(parts[i + 1])[1]
        if i + 2 < len(parts):
            cut = (s_dl, view.file_span(parts[i + 2])[0])
        elif i > 0:
            cut = (view.file_span(parts[i - 1])[1], e_chk)
        else:
            return "the RUN only downloads and checks: nothing would stay in it"
        gap = text[cut[0]:cut[1]]
        if "#" in gap.replace(text[s_dl:e_chk], ""):
            return "comment lines inside the part to remove"
        seps = text[cut[0]:s_dl] + text[view.file_span(parts[i])[1]:view.file_span(parts[i + 1])[0]] + \
            text[e_chk:cut[1]]
        if not re.fullmatch(r"[ \t\r\n;&" + re.escape(doc.escape) + r"]*", seps):
            return "the download and the check are not plain parts of the RUN"
        nl = doc.newline
        add = f"{keyword_case_of(run, 'ADD')} --checksum=sha256:{hexv} {u} {o}{nl}"
        edits = [Edit.insert(run.start, add), Edit(cut[0], cut[1], "")]
        return Fix(edits, UNSAFE, message="ADD --checksum")


def keyword_case_of(ins, word):
    from dockfix.syntax.text import keyword_case

    return keyword_case(word, ins)
