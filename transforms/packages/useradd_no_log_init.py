"""useradd with a high UID and no -l (DL3046)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.shell.tools import calls

# short options that take a value
_VALUE_SHORT = set("bcdefgGkKpPRsuZ")
_VALUE_LONG = {"--base-dir", "--comment", "--home-dir", "--expiredate", "--inactive", "--gid", "--groups",
               "--skel", "--key", "--password", "--root", "--prefix", "--shell", "--uid", "--selinux-user",
               "--selinux-range", "--btrfs-subvolume-home"}
# hadolint's threshold: a UID of more than five digits
HIGH_UID = 100000


def _val(word):
    if word is None:
        return None
    return word.value if word.value is not None else word.text


def parse_useradd(args):
    """(has -l, uid word or None, uid text or None) for useradd's arguments;
    None when an option is an expansion we cannot read."""
    has_l = False
    uid_word = None
    uid = None
    i = 0
    while i < len(args):
        w = args[i]
        v = w.value if w.value is not None else w.text
        if v == "--":
            break
        if v.startswith("--"):
            name, eq, val = v.partition("=")
            if name == "--no-log-init":
                has_l = True
            elif name in _VALUE_LONG:
                if not eq:
                    i += 1
                    val_word = args[i] if i < len(args) else None
                    val = _val(val_word)
                else:
                    val_word = w
                if name == "--uid":
                    uid_word, uid = val_word, val
        elif v.startswith("-") and len(v) > 1:
            j = 1
            while j < len(v):
                ch = v[j]
                if ch == "l":
                    has_l = True
                if ch in _VALUE_SHORT:
                    rest = v[j + 1:]
                    if rest:
                        val_word, val = w, rest
                    else:
                        i += 1
                        val_word = args[i] if i < len(args) else None
                        val = _val(val_word)
                    if ch == "u":
                        uid_word, uid = val_word, val
                    break
                j += 1
        i += 1
    return has_l, uid_word, uid


class UseraddNoLogInit(Transform):
    name = "useradd-no-log-init"
    shipped_stages_only = True
    code = "DF114"
    summary = "Add -l (--no-log-init) to useradd with a high UID"
    hadolint = ("DL3046",)
    links = ("https://github.com/hadolint/hadolint/wiki/DL3046",
             "https://docs.docker.com/build/building/best-practices/#user")
    explanation = """
What: `useradd -u <uid>` with a UID of 100000 or more (or a UID taken from
a variable, such as a build argument set to the host's UID) gets `-l`
right after `useradd`, unless it has `-l`/`--no-log-init` already.

Why: useradd records the new user in /var/log/lastlog and
/var/log/faillog, files indexed by UID. For a high UID these become huge
sparse files, which image layers store in full: a UID of 1,000,000,000
gives a 300 GB lastlog and a build that fills the disk. hadolint reports
DL3046; Docker's best-practice guide recommends `--no-log-init`.

Example:
    RUN useradd -u 1000000 app
becomes
    RUN useradd -l -u 1000000 app

Fix safety: safe. -l only skips the lastlog/faillog entries; the user,
its group, home directory and UID are created exactly as before. Nothing
in a container reads those logs.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ins, view in ctx.model.run_views():
            for call in calls(view):
                if call.name != "useradd":
                    continue
                has_l, uid_word, uid = parse_useradd(call.args)
                if has_l or uid_word is None:
                    continue
                if uid is not None and re.fullmatch(r"\d+", uid):
                    if int(uid) < HIGH_UID:
                        continue
                    msg = f"useradd with UID {uid} and without -l writes huge sparse lastlog/faillog files"
                elif uid is not None and "$" not in uid:
                    continue
                else:
                    msg = "useradd with a UID from a variable and without -l may write huge sparse lastlog/faillog files"
                w = call.word
                fix = Fix.safe(Edit.insert(w.end, " -l"), message="add -l (--no-log-init)")
                yield ctx.finding(self, (call.cmd.start, call.cmd.end), msg, fix=fix, instruction=ins)
