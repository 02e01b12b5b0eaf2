"""ADD of local non-archive files -> COPY (DL3020)."""

from __future__ import annotations

import os
import re

from dockfix.fix import Edit, Fix
from dockfix.registry import Transform
from dockfix.textutil import keyword_case

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
    "rules", "d", "plist", "lst", "apk", "deb", "rpm", "nupkg", "dat", "db", "pdf", "woff", "woff2", "ttf",
}
_PLAIN_NAMES = {
    "Gemfile", "Makefile", "Dockerfile", "Procfile", "Pipfile", "LICENSE", "README", "go.mod", "go.sum",
    "requirements.txt", "package.json", "entrypoint", "docker-entrypoint",
}
_COPY_FLAGS = {"chown", "chmod", "link", "exclude", "parents"}
_ADD_ONLY = {"checksum", "keep-git-dir", "unpack"}


def _is_remote(src: str) -> bool:
    s = src.lower()
    return "://" in s or s.startswith("git@") or s.startswith("github.com/")


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


def _workdir_set(doc, ins) -> bool:
    """A WORKDIR before ``ins`` in its stage or in a stage it is built FROM."""
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
        if parent is None or parent.index >= st.index:
            return False
        st, stop = parent, None
    return False


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
- sources with variables or glob characters could name an archive: refused;
- flags only ADD has (`--checksum`, `--keep-git-dir`, `--unpack`) and unknown
  flags: refused; `--chown`, `--chmod`, `--link`, `--exclude` are kept;
- safe when every source is checked in the build context (a folder, or a
  file whose first bytes are not an archive), or is `.`, a folder (`dir/`)
  or a name with an extension that is not an archive format (`.sh`, `.json`,
  `.conf`, `.zip`, `.jar`...: zip-like files are never unpacked by ADD);
- otherwise unsafe (a file named `data` could be a tarball): applied only
  with --unsafe-fixes;
- a relative destination with no WORKDIR set in the stage is refused: the
  COPY would then be reported as DL3045 (set a WORKDIR first).
"""

    def check(self, ctx):
        doc = ctx.doc
        for outer in doc.instructions:
            ins = outer.sub if outer.sub is not None else outer
            if ins.cmd != "ADD":
                continue
            if ins.json:
                vals = list(ins.json_values or [])
            else:
                vals = [w.text for w in ins.plain_words()]
            if ins.heredocs:
                names = {h.marker.text for h in ins.heredocs}
                vals = [v for v in vals if v not in names]
                srcs = vals[:-1]
                heredoc_only = not srcs
            else:
                srcs = vals[:-1]
                heredoc_only = False
            if not srcs and not heredoc_only:
                continue
            if any(_is_remote(s) for s in srcs):
                continue  # downloads: ADD is the right tool
            if srcs and all(_ARCHIVE_RE.search(s) for s in srcs):
                continue  # local archives: ADD unpacks them on purpose
            msg = "use COPY instead of ADD for local files and folders"
            if any(_ARCHIVE_RE.search(s) for s in srcs):
                yield ctx.finding(self, ins, msg, refused="some sources are archives that ADD unpacks", instruction=outer)
                continue
            bad = [f.name for f in ins.flags if f.name not in _COPY_FLAGS]
            if bad:
                why = "only valid on ADD" if any(b in _ADD_ONLY for b in bad) else "not known to be valid on COPY"
                yield ctx.finding(self, ins, msg, refused=f"flag --{bad[0]} is {why}", instruction=outer)
                continue
            if any(("$" in s or any(c in s for c in "*?[")) for s in srcs):
                yield ctx.finding(self, ins, msg,
                                  refused="a source with variables or globs could name a tar archive, which ADD unpacks",
                                  instruction=outer)
                continue
            dest = vals[-1] if vals else ""
            if not doc.is_windows and dest and not dest.startswith(("/", "$")) and not _workdir_set(doc, ins):
                yield ctx.finding(self, ins, msg, refused="relative destination and no WORKDIR in the stage: "
                                  "set a WORKDIR first (as COPY it would be DL3045)", instruction=outer)
                continue
            safe = True
            reason = ""
            cdir = ctx.context_dir
            for s in srcs:
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
                    reason = f"{s} was not checked: if it is a tar archive, ADD unpacks it and COPY would not"
            if safe is None:
                yield ctx.finding(self, ins, msg, refused=reason, instruction=outer)
                continue
            new = keyword_case("COPY", ins)
            edit = Edit(ins.keyword.start, ins.keyword.end, new)
            if safe:
                fix = Fix.safe(edit, message="use COPY")
            else:
                fix = Fix.unsafe(edit, message=f"use COPY ({reason})")
            yield ctx.finding(self, ins, msg, fix=fix, instruction=outer)
