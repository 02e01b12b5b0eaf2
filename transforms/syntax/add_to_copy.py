"""ADD of local non-archive files -> COPY (DL3020)."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from dockfix.fixing.edit import Edit, Finding, Fix
from dockfix.fixing.refusals import first_refusal
from dockfix.fixing.registry import Transform
from dockfix.semantic.images import image_workdir
from dockfix.semantic.model import model_of
from dockfix.syntax.text import keyword_case

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.fixing.context import Context
    from dockfix.syntax.cst import Instruction, Word

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
        from dockfix.syntax.regular import read_regular

        head = read_regular(path, head=512)
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

    def check(self, ctx: "Context") -> Iterator[Finding]:
        for outer in ctx.doc.instructions:
            ins = outer.sub if outer.sub is not None else outer
            if ins.cmd != "ADD":
                continue
            site = _detect(ctx, ins, outer)
            if site is None:
                continue
            msg = "use COPY instead of ADD for local files and folders"
            reason = first_refusal(_REFUSALS, site)
            if reason is not None:
                yield ctx.finding(self, ins, msg, refused=reason, instruction=outer)
                continue
            yield ctx.finding(self, ins, msg, fix=_render(site), instruction=outer)


class _Site:
    """An ADD with local sources; the facts the refusals and the fix share, each computed on first use."""

    def __init__(self, ctx: "Context", ins: "Instruction", outer: "Instruction",
                 items: list[tuple[str, str, "Word | None"]]) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.ins = ins
        self.outer = outer
        self.onbuild = outer.sub is not None
        self.items = items  # (raw text, unquoted value, Word or None) of the sources and the destination
        self.srcs = [it[1] for it in items[:-1]]

    @functools.cached_property
    def expanded(self) -> tuple[list[str], list[str], str | None]:
        """Sources with variables expanded with their values in scope (an ARG
        default can be overridden: unsafe at best): (sources, unsafe notes, refusal)."""
        unsafe: list[str] = []
        resolved: list[str] = []
        env = None
        for (raw, s, _w) in self.items[:-1]:
            if "$" in s and raw.startswith("'"):
                return resolved, unsafe, f"{raw}: a single-quoted source is not expanded"
            if "$" in s:
                if self.onbuild:
                    return resolved, unsafe, f"{s}: variables in an ONBUILD trigger are only known in the child image"
                if env is None:
                    from dockfix.semantic.variables import scope_before

                    env = scope_before(self.doc, self.ins)
                from dockfix.semantic.variables import expand

                v = expand(s, env)
                if v is None or not v:
                    return resolved, unsafe, f"{s} has a variable of unknown value: it could name a tar archive or a URL"
                if _is_remote(v):
                    return resolved, unsafe, f"{s} is the URL {v}: ADD downloads it"
                if _ARCHIVE_RE.search(v):
                    return resolved, unsafe, f"{s} is {v}, an archive that ADD unpacks"
                unsafe.append(f"{s} is {v} with the default values of its variables")
                s = v
            resolved.append(s)
        return resolved, unsafe, None

    @functools.cached_property
    def destination(self) -> tuple[Edit | None, str | None, str | None]:
        """A relative destination without a WORKDIR becomes DL3045 as COPY: written
        absolute when the base image's WORKDIR is known to be /.  (edit, unsafe note, refusal)."""
        doc, ins = self.doc, self.ins
        dest_text, dest, dest_word = self.items[-1] if self.items else ("", "", None)
        if not (dest and not self.onbuild and not _absolute(dest) and not _workdir_set(doc, ins)):
            return None, None, None
        img, workdir = _root_of_chain(doc, ins)
        if workdir or dest_word is None or dest.startswith("..") or "\\" in dest \
                or not img or image_workdir(img) != "/" or doc.is_windows \
                or re.search(r"(?i)windows|servercore|nanoserver|ltsc", img):
            return None, None, ("relative destination and no WORKDIR in the stage: "
                                "set a WORKDIR first (as COPY it would be DL3045)")
        if dest in (".", "./"):
            new_dest = "/"
        elif dest.startswith("./"):
            new_dest = "/" + dest[2:]
        else:
            new_dest = "/" + dest
        q = dest_text[0] if dest_text != dest else ""
        return Edit(dest_word.start, dest_word.end, q + new_dest + q), f"{img} sets no WORKDIR, so {dest} is {new_dest}", None

    @functools.cached_property
    def contents(self) -> tuple[list[str], str | None]:
        """What each (expanded) source is, from its name or the build context:
        (unsafe notes for those not checked, refusal for an archive)."""
        unsafe: list[str] = []
        cdir = self.ctx.context_dir
        for s in self.expanded[0]:
            if _has_glob(s):
                found = _glob_in_context(cdir, s) if cdir and not self.onbuild else None
                if found is False:
                    return unsafe, f"{s} matches a tar archive in the build context; ADD unpacks it"
                if found is True:
                    unsafe.append(f"{s} matches only plain files in the build context folder now")
                    continue
                if _glob_plain(s):
                    continue
                return unsafe, f"the glob {s} could match a tar archive, which ADD unpacks"
            content = _context_content(cdir, s)
            if content is True:
                return unsafe, f"{s} is a tar archive in the build context; ADD unpacks it"
            if content is False:
                continue
            if not _plain_by_name(s):
                unsafe.append(f"{s} was not checked: if it is a tar archive, ADD unpacks it and COPY would not")
        return unsafe, None


def _context_content(cdir: str | None, s: str) -> bool | None:
    """Whether the source in the build context is a tar archive (False for a folder), None when not there."""
    if not cdir:
        return None
    p = os.path.join(cdir, s.lstrip("/"))
    if os.path.isdir(p):
        return False
    if os.path.isfile(p):
        return _magic_archive(p)
    return None


def _detect(ctx: "Context", ins: "Instruction", outer: "Instruction") -> _Site | None:
    """An ADD whose sources are not all downloads or all local archives (ADD is right for those)."""
    items: list[tuple[str, str, Word | None]]
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
        return None
    if any(_is_remote(s) for s in srcs):
        return None  # downloads: ADD is the right tool
    if srcs and all(_ARCHIVE_RE.search(s) for s in srcs):
        return None  # local archives: ADD unpacks them on purpose
    return _Site(ctx, ins, outer, items)


# -- refusals: each returns its reason, or None -------------------------------------------------
def _some_sources_are_archives(site: _Site) -> str | None:
    if any(_ARCHIVE_RE.search(s) for s in site.srcs):
        return "some sources are archives that ADD unpacks"
    return None


def _flag_not_on_copy(site: _Site) -> str | None:
    bad = [f.name for f in site.ins.flags if f.name not in _COPY_FLAGS]
    if bad:
        why = "only valid on ADD" if any(b in _ADD_ONLY for b in bad) else "not known to be valid on COPY"
        return f"flag --{bad[0]} is {why}"
    return None


def _source_variable_unknown(site: _Site) -> str | None:
    return site.expanded[2]


def _relative_destination(site: _Site) -> str | None:
    return site.destination[2]


def _source_may_be_archive(site: _Site) -> str | None:
    return site.contents[1]


_REFUSALS: tuple[Callable[[_Site], str | None], ...] = (
    _some_sources_are_archives,
    _flag_not_on_copy,
    _source_variable_unknown,
    _relative_destination,
    _source_may_be_archive,
)


def _render(site: _Site) -> Fix:
    ins = site.ins
    dest_edit, dest_note, _ = site.destination
    edits = [Edit(ins.keyword.start, ins.keyword.end, keyword_case("COPY", ins))]
    if dest_edit is not None:
        edits.append(dest_edit)
    unsafe = site.expanded[1] + ([dest_note] if dest_note else []) + site.contents[0]
    if unsafe:
        return Fix.unsafe(*edits, message="use COPY (" + "; ".join(unsafe) + ")")
    return Fix.safe(*edits, message="use COPY")
