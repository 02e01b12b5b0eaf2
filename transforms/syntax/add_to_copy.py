"""ADD of local non-archive files -> COPY (DL3020)."""

from __future__ import annotations

import os
import re

from dockfix.fixing.edit import Edit, Fix
from dockfix.fixing.registry import Transform
from dockfix.syntax.text import keyword_case

from dockfix.semantic.images import image_workdir
from dockfix.semantic.model import model_of

# names ADD might auto-extract (it detects tar, gzip, bzip2 and xz by content;
# hadolint's list of archive extensions plus zstd / lzip / lzop ones)
_ARCHIVE_RE = re.compile(
    r"\.(tar|t[gx]z|tbz2?|tb2|tlz|tpz|tZ|txz|tzst|gz|bz2|xz|lz|lzma|lzo|zst|Z)$", re.I)
# extensions of files that are not tar archives (zip-like files are never extracted by ADD)
_PLAIN_EXT = {
    "sh", "bash", "zsh", "ps1", "py", "pyc", "rb", "pl", "php", "js", "mjs", "cjs", "ts", "go", "rs", "java",
    "c", "h", "cc", "cpp", "lua", "r", "json", "yml", "yaml", "toml", "ini", "conf", "cfg", "config", "cnf",
    "txt", "md", "rst", "xml", "html", "htm", "css", "properties", "env", "lock", "sql", "patch", "diff",
    "service", "template", "tpl", "tmpl", "j2", "jinja", "pem", "crt", "cer", "key", "pub", "asc", "gpg",
    "repo", "list", "csv", "svg", "png", "jpg", "jpeg", "gif", "ico", "zip", "jar", "war", "ear", "whl",
    "so", "dll", "exe", "bin", "jks", "p12", "mod", "sum", "gradle", "xsd", "vcl", "crontab", "cron",
    "rules", "d", "plist", "lst", "deb", "rpm", "nupkg", "dat", "db", "pdf", "woff", "woff2", "ttf",
    "onnx", "pt", "pth", "h5", "pb", "pbtxt", "ckpt", "safetensors", "npy", "npz", "pkl", "tflite", "ipynb",
    "psgi", "pm", "jl", "ex", "exs", "erl", "scala", "kt", "kts", "groovy", "sbt", "swift", "vue", "jsx", "tsx",
    "scss", "less", "sass", "map", "wasm", "log", "htaccess", "vim", "tf", "hcl", "nix", "csproj", "sln",
}
_PLAIN_NAMES = {
    "Gemfile", "Makefile", "Dockerfile", "Procfile", "Pipfile", "LICENSE", "README", "go.mod", "go.sum",
    "requirements.txt", "package.json", "entrypoint", "docker-entrypoint",
}
_COPY_FLAGS = {"chown", "chmod", "link", "exclude", "parents"}
_ADD_ONLY = {"checksum", "keep-git-dir", "unpack"}


_WIN_ABS = re.compile(r"^[A-Za-z]:[\\/]")


def _is_remote(src: str) -> bool:
    s = src.lower()
    return "://" in s or s.startswith("git@") or s.startswith("github.com/")


def _unquote(t: str) -> str:
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'" and t[0] not in t[1:-1] and "\\" not in t:
        return t[1:-1]
    return t


def _has_glob(s: str) -> bool:
    return any(c in s for c in "*?[")


def _magic_archive(path: str) -> bool | None:
    """True/False if the file's content is/isn't something ADD extracts; None if unreadable."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError:
        return None
    if head[:2] == b"\x1f\x8b" or head[:3] == b"BZh" or head[:6] == b"\xfd7zXZ\x00" or head[:4] == b"\x28\xb5\x2f\xfd":
        return True
    return len(head) >= 262 and head[257:262] == b"ustar"


def _plain_by_name(src: str) -> bool:
    if src in (".", "./") or src.endswith("/"):
        return True  # the context or a directory: copied, never extracted
    base = src.rstrip("/").rsplit("/", 1)[-1]
    if base in _PLAIN_NAMES:
        return True
    if "." in base.lstrip("."):
        return base.rsplit(".", 1)[-1].lower() in _PLAIN_EXT
    return False


def _glob_plain(src: str) -> bool:
    """Every name the glob can match ends in the same non-archive extension
    (``*.sh``, ``conf/*.json``, ``requirements*.txt``)."""
    base = src.rsplit("/", 1)[-1]
    if "." not in base:
        return False
    ext = base.rsplit(".", 1)[1]
    return bool(ext) and not _has_glob(ext) and ext.lower() in _PLAIN_EXT


def _glob_in_context(cdir: str, src: str) -> bool | None:
    """True: the glob matches only folders and non-archive files in the build
    context; False: it matches an archive; None: no match (or not checkable)."""
    import glob

    if "\\" in src or "[^" in src:
        return None  # escapes and [^...] mean something else to Go's filepath.Match
    matches = glob.glob(os.path.join(glob.escape(cdir), src.lstrip("/")), include_hidden=True)
    if not matches:
        return None
    for m in matches:
        if os.path.isdir(m):
            continue
        if _ARCHIVE_RE.search(m) or _magic_archive(m) is not False:
            return False
    return True


def _workdir_set(doc, ins) -> bool:
    """A WORKDIR before ``ins`` in its stage or in a stage it is built FROM,
    as hadolint's DL3045 sees it (stage names matched exactly as written)."""
    st = ins.stage
    seen = set()
    stop = ins
    while st is not None and id(st) not in seen:
        seen.add(id(st))
        for other in st.instructions:
            if other is stop:
                break
            if other.cmd == "WORKDIR":
                return True
        parent = doc.stage_named(st.image) if st.image else None
        if parent is None or parent.index >= st.index or parent.name_word is None or parent.name_word.text != st.image:
            return False
        st, stop = parent, None
    return False


def _root_of_chain(doc, ins) -> tuple[str | None, bool]:
    """(external image at the root of the stage's FROM chain, whether any
    stage of the chain sets a WORKDIR before ``ins``), as BuildKit resolves it."""
    model = model_of(doc)
    state = model.workdir_state(ins)
    return (model.base_image(ins.stage) if ins.stage is not None else None), bool(state and state.set_by)


def _absolute(dest: str) -> bool:
    # hadolint counts a destination that starts with a variable as absolute
    return dest.startswith(("/", "$")) or bool(_WIN_ABS.match(dest))


class AddToCopy(Transform):
    name = "add-to-copy"
    code = "DF212"
    summary = "Use COPY instead of ADD for local files and folders"
    hadolint = ("DL3020",)
    buildkit = ()
    links = ("https://docs.docker.com/build/building/best-practices/#add-or-copy",)
    explanation = """
What: `ADD src... dest` whose sources are local files or folders becomes
`COPY src... dest` (flags kept).

Why: ADD also downloads URLs, clones git repositories and unpacks local tar
archives; COPY only copies. Using COPY for plain files says what happens and
cannot unpack an archive by surprise (hadolint DL3020).

Example:
    ADD requirements.txt /app/
becomes
    COPY requirements.txt /app/

Fix safety: ADD unpacks a local source when its CONTENT is a tar archive
(plain, gzip, bzip2, xz, zstd), whatever its name; COPY copies it as is. So:
- URL and git sources and names that look like archives (`.tar`, `.tar.gz`,
  `.tgz`, `.tar.bz2`, `.tar.xz`, `.txz`, `.tbz2`, `.zst`, ...) are left alone
  (ADD is the right instruction there);
- flags only ADD has (`--checksum`, `--keep-git-dir`, `--unpack`) and unknown
  flags: refused; `--chown`, `--chmod`, `--link`, `--exclude` are kept;
- safe when every source is checked in the build context (a folder, or a
  file whose first bytes are not an archive), or is `.`, a folder (`dir/`)
  or a name with an extension that is not an archive format (`.sh`, `.json`,
  `.conf`, `.zip`, `.jar`...: zip-like files are never unpacked by ADD);
- a glob is treated like a name when every match ends in the same plain
  extension (`*.sh`, `conf/*.json`, `requirements*.txt`); any other glob
  (`bin/*`, `Gemfile*`) is refused unless it matches only folders and
  non-archive files in the build context, which is unsafe (other files can
  be there when the image is built);
- a source with variables is expanded with the ARG/ENV values in scope: a
  URL or an archive name is refused, an unknown value is refused, otherwise
  the fix is unsafe (an ARG default can be overridden with --build-arg);
- otherwise unsafe (a file named `data` could be a tarball): applied only
  with --unsafe-fixes;
- a relative destination needs a WORKDIR in the stage or in a stage it is
  built FROM (as hadolint's DL3045 sees it: stage names as written); without
  one, the COPY would be reported as DL3045. When the stage's base image is an
  official image that sets no WORKDIR (debian, ubuntu, alpine, fedora,
  centos, busybox, python, node, nginx, openjdk, ...), the working directory
  is `/` and the destination is written absolute (`ADD app.py .` becomes
  `COPY app.py /`): unsafe, as it relies on that image fact. Any other base
  image (its WORKDIR is not known): refused. ONBUILD triggers keep their
  relative destination (hadolint does not report them).
"""

    def check(self, ctx):
        doc = ctx.doc
        for outer in doc.instructions:
            ins = outer.sub if outer.sub is not None else outer
            if ins.cmd != "ADD":
                continue
            onbuild = outer.sub is not None
            # (raw text, unquoted value, Word or None)
            if ins.json:
                items = [(v, v, None) for v in (ins.json_values or [])]
            else:
                items = [(w.text, _unquote(w.text), w) for w in ins.words() if w.start >= ins.args_start]
            if ins.heredocs:
                names = {h.marker.text for h in ins.heredocs}
                items = [it for it in items if it[0] not in names]
                heredoc_only = len(items) == 1
            else:
                heredoc_only = False
            srcs = [it[1] for it in items[:-1]]
            if not srcs and not heredoc_only:
                continue
            if any(_is_remote(s) for s in srcs):
                continue  # downloads: ADD is the right tool
            if srcs and all(_ARCHIVE_RE.search(s) for s in srcs):
                continue  # local archives: ADD unpacks them on purpose
            msg = "use COPY instead of ADD for local files and folders"

            def refuse(why, ins=ins, msg=msg, outer=outer):
                return ctx.finding(self, ins, msg, refused=why, instruction=outer)

            if any(_ARCHIVE_RE.search(s) for s in srcs):
                yield refuse("some sources are archives that ADD unpacks")
                continue
            bad = [f.name for f in ins.flags if f.name not in _COPY_FLAGS]
            if bad:
                why = "only valid on ADD" if any(b in _ADD_ONLY for b in bad) else "not known to be valid on COPY"
                yield refuse(f"flag --{bad[0]} is {why}")
                continue
            # sources with variables: their value in scope (an ARG default can be overridden: unsafe at best)
            why_not = None
            unsafe = []
            resolved = []
            env = None
            for (raw, s, _w) in items[:-1]:
                if "$" in s and raw.startswith("'"):
                    why_not = f"{raw}: a single-quoted source is not expanded"
                    break
                if "$" in s:
                    if onbuild:
                        why_not = f"{s}: variables in an ONBUILD trigger are only known in the child image"
                        break
                    if env is None:
                        from dockfix.semantic.variables import scope_before

                        env = scope_before(doc, ins)
                    from dockfix.semantic.variables import expand

                    v = expand(s, env)
                    if v is None or not v:
                        why_not = f"{s} has a variable of unknown value: it could name a tar archive or a URL"
                        break
                    if _is_remote(v):
                        why_not = f"{s} is the URL {v}: ADD downloads it"
                        break
                    if _ARCHIVE_RE.search(v):
                        why_not = f"{s} is {v}, an archive that ADD unpacks"
                        break
                    unsafe.append(f"{s} is {v} with the default values of its variables")
                    s = v
                resolved.append(s)
            if why_not:
                yield refuse(why_not)
                continue
            # the destination: relative without a WORKDIR becomes DL3045 as COPY
            dest_edit = None
            dest_text, dest, dest_word = items[-1] if items else ("", "", None)
            if dest and not onbuild and not _absolute(dest) and not _workdir_set(doc, ins):
                img, workdir = _root_of_chain(doc, ins)
                if workdir or dest_word is None or dest.startswith("..") or "\\" in dest \
                        or not img or image_workdir(img) != "/" or doc.is_windows \
                        or re.search(r"(?i)windows|servercore|nanoserver|ltsc", img):
                    yield refuse("relative destination and no WORKDIR in the stage: "
                                 "set a WORKDIR first (as COPY it would be DL3045)")
                    continue
                if dest in (".", "./"):
                    new_dest = "/"
                elif dest.startswith("./"):
                    new_dest = "/" + dest[2:]
                else:
                    new_dest = "/" + dest
                q = dest_text[0] if dest_text != dest else ""
                dest_edit = Edit(dest_word.start, dest_word.end, q + new_dest + q)
                unsafe.append(f"{img} sets no WORKDIR, so {dest} is {new_dest}")
            safe = True
            reason = ""
            cdir = ctx.context_dir
            for s in resolved:
                if _has_glob(s):
                    found = _glob_in_context(cdir, s) if cdir and not onbuild else None
                    if found is False:
                        safe = None
                        reason = f"{s} matches a tar archive in the build context; ADD unpacks it"
                        break
                    if found is True:
                        safe = False
                        unsafe.append(f"{s} matches only plain files in the build context folder now")
                        continue
                    if _glob_plain(s):
                        continue
                    safe = None
                    reason = f"the glob {s} could match a tar archive, which ADD unpacks"
                    break
                content = None
                if cdir:
                    p = os.path.join(cdir, s.lstrip("/"))
                    if os.path.isdir(p):
                        content = False
                    elif os.path.isfile(p):
                        content = _magic_archive(p)
                if content is True:
                    safe = None
                    reason = f"{s} is a tar archive in the build context; ADD unpacks it"
                    break
                if content is False:
                    continue
                if not _plain_by_name(s):
                    safe = False
                    unsafe.append(f"{s} was not checked: if it is a tar archive, ADD unpacks it and COPY would not")
            if safe is None:
                yield refuse(reason)
                continue
            edits = [Edit(ins.keyword.start, ins.keyword.end, keyword_case("COPY", ins))]
            if dest_edit is not None:
                edits.append(dest_edit)
            if unsafe:
                fix = Fix.unsafe(*edits, message="use COPY (" + "; ".join(unsafe) + ")")
            else:
                fix = Fix.safe(*edits, message="use COPY")
            yield ctx.finding(self, ins, msg, fix=fix, instruction=outer)
