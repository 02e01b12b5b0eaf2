"""``RUN cd dir && rest`` -> ``WORKDIR dir`` + ``RUN rest`` (DL3003)."""

from __future__ import annotations

import posixpath
import re

from dockfix.fix import UNSAFE, Edit, Fix, apply_edits
from dockfix.registry import Transform
from dockfix.textutil import keyword_case
from dockfix.variables import resolve_image

# images whose configuration sets no WORKDIR (the working directory is /)
_ROOT_WORKDIR_IMAGES = {
    "scratch", "ubuntu", "debian", "alpine", "centos", "fedora", "busybox", "amazonlinux", "rockylinux",
    "almalinux", "archlinux", "oraclelinux", "opensuse/leap", "opensuse/tumbleweed", "python", "node",
    "ruby", "openjdk", "eclipse-temurin", "buildpack-deps", "perl", "rust", "erlang", "elixir", "haskell",
}
_CD_WORD = re.compile(r"(?<![\w.-])cd(?![\w.-])")
_SAFE_DIR = re.compile(r"^[A-Za-z0-9_@%+=:,./\-]+$")
# instructions whose meaning does not depend on the working directory
_CWD_FREE = {"ENV", "ARG", "LABEL", "EXPOSE", "USER", "STOPSIGNAL", "SHELL", "MAINTAINER"}


def _image_key(image: str) -> str:
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)
    if ":" in last[-1]:
        name = name[: name.rfind(":")]
    for prefix in ("docker.io/library/", "docker.io/", "library/", "index.docker.io/library/"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return name.lower()


def _literal_dir(ins) -> str | None:
    a = ins.args
    return a if a and _SAFE_DIR.match(a) else None


def workdir_after(doc, stage, stop=None, depth: int = 0) -> str | None:
    """The working directory after ``stage``'s instructions before ``stop`` (None: unknown)."""
    cur: str | None
    parent = doc.stage_named(stage.image) if stage.image and depth < 50 else None
    if parent is not None and parent.index < stage.index:
        cur = workdir_after(doc, parent, None, depth + 1)
    else:
        img = resolve_image(doc, stage)
        cur = "/" if img and "$" not in img and _image_key(img) in _ROOT_WORKDIR_IMAGES else None
    for other in stage.instructions:
        if other is stop:
            break
        if other.cmd != "WORKDIR":
            continue
        d = _literal_dir(other)
        if d is None:
            cur = None
        elif d.startswith("/"):
            cur = posixpath.normpath(d)
        elif cur is not None:
            cur = posixpath.normpath(posixpath.join(cur, d))
    if cur is not None and cur.startswith("//"):
        cur = "/" + cur.lstrip("/")
    return cur


def _restore_needed(doc, ins) -> bool:
    st = ins.stage
    after = st.instructions[st.instructions.index(ins) + 1:]
    for nxt in after:
        if nxt.cmd == "WORKDIR":
            d = _literal_dir(nxt)
            if d is not None and d.startswith("/"):
                return False
            return True
        if nxt.cmd in _CWD_FREE:
            continue
        return True
    # end of the stage: its working directory matters if it is the final
    # image or another stage is built FROM it
    if st is doc.stages[-1]:
        return True
    for other in doc.stages[st.index + 1:]:
        if other.image and doc.stage_named(other.image) is st:
            return True
    return False


def _mount_targets_absolute(ins) -> bool:
    for f in ins.flags_named("mount"):
        for part in (f.value or "").split(","):
            k, _, v = part.partition("=")
            if k.strip().lower() in ("target", "dst", "destination") and not v.strip().strip("\"'").startswith("/"):
                return False
    return True


def _leftmost(node):
    while node.type == "list" and node.children:
        node = node.children[0]
    return node


class CdToWorkdir(Transform):
    name = "cd-to-workdir"
    code = "DF211"
    summary = "Use WORKDIR instead of a leading `cd dir &&` in RUN"
    hadolint = ("DL3003",)
    buildkit = ()
    applicability = UNSAFE
    links = ("https://docs.docker.com/build/building/best-practices/#workdir",)
    explanation = """
What: `RUN cd /dir && rest` becomes `WORKDIR /dir` followed by `RUN rest`,
and, when a later instruction of the stage (or the image itself) depends on
the working directory, `WORKDIR <previous>` after it.

Why: `cd` in a RUN only lasts for that RUN; WORKDIR says where the
commands run and is easier to read and maintain (hadolint DL3003).

Example:
    FROM debian:12
    RUN cd /src && make
    COPY app.conf .
becomes
    FROM debian:12
    WORKDIR /src
    RUN make
    WORKDIR /
    COPY app.conf .

Fix safety: unsafe (applied only with --unsafe-fixes). Only a `cd` at the
very start of the RUN, with one literal argument, followed by `&&` or `;`,
is moved. A relative directory needs a known current directory; the
previous directory is needed too unless the next instruction that depends on
the working directory is an absolute WORKDIR (or the stage ends and no one
uses it). The current directory is known from earlier WORKDIRs, from the
stage it is built FROM in the same file, or for a few base images known to
set no WORKDIR (ubuntu, debian, alpine, centos, fedora, busybox, python,
node, ...): that list is a fact about those images, not something dockfix
can check offline, which is one reason the fix is unsafe. Refused: `cd`
with variables, `~`, `-`, options or no argument; `cd` elsewhere in the
script or inside a subshell; a RUN that only changes directory (it has no
effect); a RUN with more `cd` commands after the first (WORKDIR would
only replace one of them); `cd -` or OLDPWD later in the script; a `--mount` with a relative
target (it would move with the directory). Difference to know: WORKDIR
creates the directory when it is missing, where `cd` would fail the build.
"""

    def check(self, ctx):
        doc = ctx.doc
        for ins in doc.instructions:
            if ins.cmd != "RUN" or ins.sub is not None or ins.json or ins.stage is None:
                continue
            if not _CD_WORD.search(ins.logical.text) and not ins.heredocs:
                continue  # cheap filter: no shell view for RUNs without a cd
            view = doc.shell_view(ins)
            if view is None or view.has_error:
                continue
            cds = [c for c in view.commands() if c.name == "cd"]
            if not cds:
                continue
            msg = "use WORKDIR instead of cd"
            res = self._fix(ctx, doc, ins, view)
            if isinstance(res, str):
                yield ctx.finding(self, ins, msg, refused=res)
            else:
                yield ctx.finding(self, ins, msg, fix=res)

    def _fix(self, ctx, doc, ins, view):
        text = doc.text
        if ins.heredocs or view.from_heredoc:
            return "RUN with a heredoc"
        stmts = view.top_statements()
        if not stmts:
            return "empty RUN"
        first = stmts[0]
        cd = _leftmost(first)
        if cd.type != "command":
            return "cd is not the first command of the RUN"
        cmd = view._command(cd)
        if cmd.name != "cd":
            return "cd is not the first command of the RUN"
        if cmd.assignments or len(cmd.argv) != 2:
            return "cd without exactly one argument"
        target = cmd.argv[1].value
        if target is None or target.startswith("-") or not _SAFE_DIR.match(target):
            return "the directory has variables, options or special characters"
        # what follows the cd
        if first is cd:
            if len(stmts) < 2:
                return "the RUN only changes directory (it has no effect; remove it by hand)"
            nxt = stmts[1]
            between = view.script[view.char(cd.end_byte):view.char(nxt.start_byte)]
            if between.strip() != ";":
                return "cd is not followed by && or ;"
        else:
            parent = cd.parent
            sibs = parent.children
            k = sibs.index(cd) if cd in sibs else -1
            k = next((i for i, s in enumerate(sibs) if s.start_byte == cd.start_byte and s.type == cd.type), -1)
            if k < 0 or k + 2 >= len(sibs) or sibs[k + 1].type != "&&":
                return "cd is not followed by &&"
            nxt = sibs[k + 2]
        if sum(1 for c in view.commands() if c.name == "cd") > 1:
            return "more cd commands follow in the RUN (a WORKDIR for the first would not remove them)"
        rest_text = view.script[view.char(nxt.start_byte):]
        if re.search(r"\bcd\s+-(\s|$|;|&|\|)|OLDPWD", rest_text):
            return "the script uses cd - / OLDPWD"
        if not _mount_targets_absolute(ins):
            return "a --mount target is relative to the working directory"
        a = view.to_file(view.char(cd.start_byte))
        b = view.to_file(view.char(nxt.start_byte))
        if "#" in text[a:b]:
            return "comment lines inside the cd part"
        prev = workdir_after(doc, ins.stage, ins)
        if target.startswith("/"):
            new_dir = posixpath.normpath(target)
            if new_dir.startswith("//"):
                new_dir = "/" + new_dir.lstrip("/")
        elif prev is None:
            return "relative directory and the current WORKDIR is unknown"
        else:
            new_dir = posixpath.normpath(posixpath.join(prev, target))
        restore = _restore_needed(doc, ins)
        if restore and prev is None:
            return "later instructions need the previous WORKDIR, which is unknown (base image)"
        nl = doc.newline
        kw = keyword_case("WORKDIR", ins)
        edits = [Edit(ins.start, ins.start, f"{kw} {new_dir}{nl}"), Edit(a, b, "")]
        if restore and prev != new_dir:
            pre = "" if text[ins.end - 1:ins.end] == "\n" else nl
            edits.append(Edit(ins.end, ins.end, f"{pre}{kw} {prev}{nl}"))
        # one edit over the whole RUN: no other fix can land inside it in the same round
        inner = [Edit(e.start - ins.start, e.end - ins.start, e.content) for e in edits]
        edits = [Edit(ins.start, ins.end, apply_edits(text[ins.start:ins.end], inner))]
        return Fix(edits, UNSAFE, message=f"WORKDIR {new_dir}" + (f" (and back to {prev} after)" if restore and prev != new_dir else ""))
