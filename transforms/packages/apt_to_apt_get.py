"""apt -> apt-get in scripts (DL3027)."""

from __future__ import annotations

from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.fixing.shell_edits import insert_edit
from dockfix.shell.tools import apt_call, calls

# apt subcommand -> apt-get subcommand, for the ones that behave the same
SAME = {"install": "install", "update": "update", "remove": "remove", "purge": "purge",
        "autoremove": "autoremove", "autoclean": "autoclean", "clean": "clean", "build-dep": "build-dep",
        "source": "source", "download": "download", "changelog": "changelog",
        "full-upgrade": "dist-upgrade", "dist-upgrade": "dist-upgrade"}
# apt-cache's or dpkg's job, with a different output
OUTPUT_ONLY = {"list", "search", "show", "showsrc", "policy", "depends", "rdepends", "edit-sources", "moo"}


class AptToAptGet(Transform):
    name = "apt-to-apt-get"
    code = "DF113"
    summary = "Use apt-get instead of apt in scripts"
    hadolint = ("DL3027",)
    links = ("https://github.com/hadolint/hadolint/wiki/DL3027",)
    explanation = """
What: `apt install|update|remove|purge|autoremove|clean|...` becomes the
same `apt-get` command; `apt full-upgrade` becomes `apt-get dist-upgrade`
(the same operation under its older name).

Why: `apt` is the interactive front end; its command line interface is
explicitly not stable ("WARNING: apt does not have a stable CLI interface.
Use with caution in scripts.") and prints progress bars into build logs.
`apt-get` is the scripting interface. hadolint reports DL3027.

Example:
    RUN apt update && apt install -y curl
becomes
    RUN apt-get update && apt-get install -y curl

Fix safety: safe for the subcommands that do the same thing in both tools.
`apt upgrade` is an unsafe fix: apt upgrades packages that need new
dependencies, while `apt-get upgrade` holds them back (the fix keeps that
meaning by writing `apt-get upgrade --with-new-pkgs`). Installing local
`.deb` files is unsafe too (old apt-get versions cannot). `apt list`,
`apt search`, `apt show` and the other output-only commands are left alone
with a reason: they have no apt-get equivalent with the same output (use
`apt-cache` or `dpkg-query` by hand).
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ins, view in ctx.model.run_views():
            for call in calls(view):
                ac = apt_call(call)
                if ac is None or ac.tool != "apt":
                    continue
                where = (call.cmd.start, call.cmd.end)
                w = call.word
                prefix = w.text[: len(w.text) - len("apt")] if w.text.endswith("apt") else None
                msg = "use apt-get instead of apt in scripts"
                if prefix is None or "\\" in w.text or "'" in w.text or '"' in w.text:
                    yield ctx.finding(self, where, msg, refused="the command name is quoted or escaped", instruction=ins)
                    continue
                if ac.sub is None:
                    yield ctx.finding(self, where, msg, refused="the apt subcommand is missing or not a literal word", instruction=ins)
                    continue
                if ac.sub in OUTPUT_ONLY:
                    yield ctx.finding(self, where, msg, refused=f"`apt {ac.sub}` only prints information and apt-get has no "
                                      "command with the same output", instruction=ins)
                    continue
                if ac.sub == "upgrade":
                    assert ac.sub_word is not None  # apt_call sets sub_word with sub
                    edits = [Edit(w.start, w.end, prefix + "apt-get"), insert_edit(ctx.doc, ac.sub_word.end, " --with-new-pkgs")]
                    fix = Fix.unsafe(*edits, message="use apt-get upgrade --with-new-pkgs")
                    yield ctx.finding(self, where, msg, fix=fix, instruction=ins)
                    continue
                new_sub = SAME.get(ac.sub)
                if new_sub is None:
                    yield ctx.finding(self, where, msg, refused=f"`apt {ac.sub}` has no known apt-get equivalent", instruction=ins)
                    continue
                edits = [Edit(w.start, w.end, prefix + "apt-get")]
                if new_sub != ac.sub:
                    assert ac.sub_word is not None  # SAME has only known subcommands, so ac.sub is set
                    edits.append(Edit(ac.sub_word.start, ac.sub_word.end, new_sub))
                local_deb = any((o.value or "").endswith(".deb") for o in ac.operands)
                if local_deb:
                    fix = Fix.unsafe(*edits, message="use apt-get (local .deb files need apt-get >= 1.1)")
                else:
                    fix = Fix.safe(*edits, message="use apt-get")
                yield ctx.finding(self, where, msg, fix=fix, instruction=ins)
