"""Merge consecutive RUN instructions into one (DL3059)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from dockfix.fixing.config import option_bool
from dockfix.fixing.context import Context
from dockfix.fixing.edit import UNSAFE, Edit, Finding, Fix, apply_edits
from dockfix.fixing.registry import Option, Transform
from dockfix.semantic.model import model_of
from dockfix.shell.facts import (
    and_list,
    ending,
    errexit_hazard,
    facts_of,
    has_comment,
    last_is_list_or_negation,
    leading_errexit_set,
    slow_command,
    state_leak,
)
from dockfix.shell.nodes import has_heredoc, starts_background_job
from dockfix.shell.tools import puts_in_path, unwrap
from dockfix.syntax.text import comment_paragraph, commented_instruction, line_indent

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.shell.view import ShellView, SimpleCommand
    from dockfix.syntax.cst import Dockerfile, Instruction

_NO_SUBSHELL = re.compile(r"\$\$|\$\{\$\}|PPID|BASHPID|SHLVL")
_READS_HISTORY = re.compile(r"\$_(?![A-Za-z0-9_])|\$\{_\}|LINENO")
_IGNORE_RE = re.compile(r"#\s*(dockfix\s*:\s*ignore|hadolint\s+ignore)", re.I)


def _errexit_lost(doc: Dockerfile, ins: Instruction, view: ShellView, k: int) -> str | None:
    """Why joining a RUN after the script at position ``k`` would lose its
    ``set -e``: the part of it that ends up left of ``&&`` (the whole script
    when it is put in a subshell, else its last statement) holds commands
    whose failure ``set -e`` acts on; there the shell ignores ``set -e``, and a
    failing command would no longer fail the build."""
    what = errexit_hazard(view, on_at_start=_shell_errexit(doc, ins), whole=_wrapped(view, k))
    if what is None:
        return None
    return (f"the RUN before runs under set -e and has {what}; joined, it would sit left of `&&`, where the "
            "shell ignores set -e: a failing command there would no longer fail the build")


def _and_chain(view: ShellView) -> bool:
    """Whether the script is one `a && b && c` chain (or a single statement),
    so that `S && script` runs it exactly when S succeeded (`a || b >> log`,
    which tree-sitter reads as a redirected `a || b`, is not one)."""
    return and_list(view) is not None


def _wrapped(view: ShellView, k: int) -> bool:
    """Whether ``_merge`` puts the script at position ``k`` (not the last) in a subshell."""
    return state_leak(view) is not None or (k > 0 and not _and_chain(view))


def _lost_variable(views: list[ShellView], vb: ShellView) -> str | None:
    """A variable that a script joined in a subshell sets and ``vb`` uses."""
    used = None
    for k, v in enumerate(views):
        if not _wrapped(v, k):
            continue
        if used is None:
            used = facts_of(vb).used_names
            if not used:
                return None
        common = facts_of(v).assigned_names & used
        if common:
            return sorted(common)[0]
    return None


def _shell_errexit(doc: Dockerfile, ins: Instruction) -> bool:
    """The SHELL that runs ``ins`` has -e / -o errexit."""
    shell = model_of(doc).shell_of(ins) or []
    for i, a in enumerate(shell[1:], 1):
        if a == "errexit" and shell[i - 1] in ("-o", "+o"):
            return True
        if a.startswith("-") and not a.startswith("--") and "e" in a[1:]:
            return True
    return False


def _runs(view: ShellView) -> set[str]:
    """Names of the commands the script runs by PATH look-up (the shell
    remembers where it found them)."""
    return {c.name for c in view.commands() if c.name and "/" not in c.name}


def _stale_command(views: list[ShellView], vb: ShellView) -> str | None:
    """A command that a RUN before ran (so the joined shell remembers where
    it found it) and then may have installed anew (say in /usr/local/bin,
    ahead of the old one in PATH), and that ``vb`` runs: on its own ``vb``
    finds the new one, joined it would run the remembered old one."""
    wanted = _runs(vb)
    if not wanted:
        return None
    ran: set[str] = set()
    for v in views:
        for c in v.commands():
            if c.name and "/" not in c.name:
                ran.add(c.name)
            new = puts_in_path(c)
            if not new:
                continue
            for n in sorted(ran & wanted):
                if n in new or (re.sub(r"[0-9.]+$", "", n) or n) in new:
                    return n
    return None


def _same_set_join(va: ShellView, vb: ShellView) -> bool:
    cache = facts_of(va).memo
    key = ("merge-run", "same-set", vb.ins.start, vb.ins.end)  # both views belong to one document
    if key not in cache:
        cache[key] = _same_set_join_uncached(va, vb)
    return cast(bool, cache[key])  # the memo holds what _same_set_join_uncached returned


def _same_set_join_uncached(va: ShellView, vb: ShellView) -> bool:
    """Whether ``vb`` can follow ``va`` after a plain ``;``: both start with
    the same errexit ``set`` and ``va`` changes no other shell state, so the
    joined shell is in the state a fresh one would be after that ``set``;
    with errexit on, any failing statement of ``va`` already ends the shell
    (so ``vb`` runs only when RUN ``va`` would have succeeded) provided its
    last statement is no ``&&``/``||`` list or ``!`` (set -e skips failures
    inside those).  No subshell is needed, so set -e keeps working in both."""
    la, lb = leading_errexit_set(va), leading_errexit_set(vb)
    if la is None or lb is None or la != lb:
        return False
    if re.search(r"\bset\s+\+|\bshopt\b", va.script) or state_leak(va, skip_first=True) is not None:
        return False
    return len(va.top_statements()) >= 2 and not last_is_list_or_negation(va)


def _same_set_prefix(views: list[ShellView]) -> list[bool]:
    """For each boundary k (between script k and k+1; the last entry is
    always False): joined with a plain ``;``.  Only a leading run of such
    boundaries is: a script after `&&` or in a subshell cannot be followed
    by `;` (`x && set -e; a` runs a after x failed)."""
    out = []
    ok = True
    for k in range(len(views) - 1):
        ok = ok and _same_set_join(views[k], views[k + 1])
        out.append(ok)
    return out + [False]


class MergeRun(Transform):
    name = "merge-run"
    options = (Option("merge-run-only-gains", bool, True,
                      "join RUNs only where it pays (a smaller image, a shared package index, a restarted "
                      "service); false joins every mergeable RUN, as hadolint DL3059 asks"),)
    code = "DF210"
    summary = "Merge consecutive RUN instructions into one"
    hadolint = ("DL3059",)
    buildkit = ()
    applicability = UNSAFE
    max_applicability = UNSAFE
    links = ("https://docs.docker.com/build/building/best-practices/#run",)
    explanation = """
What: consecutive RUN instructions of a stage become one RUN, joined with
`&& \\` continuations. The comment lines before each RUN stay above its
command, inside the continuation (BuildKit skips comment lines there).

Why: every RUN makes a layer; files deleted in a later RUN still take space
in the earlier layer, and many small layers slow pulls (hadolint DL3059).

Example:
    RUN apt-get update
    # tools
    RUN apt-get install -y curl
becomes
    RUN apt-get update && \\
    # tools
        apt-get install -y curl

Not merged, because the separation is worth more than one layer fewer: RUNs
of a builder stage (only `COPY --from` reads it, its layers are thrown away);
a RUN set apart by a blank line and a comment paragraph (unless it removes
the apt lists a RUN before left: joined, the image is smaller), or preceded by a
commented-out instruction (`# RUN ...`: uncommented inside a continuation it
would become a shell command); a RUN that uses a cache-buster variable
(`$CACHEBUST`) or `date`; a quick RUN that removes nothing after a long build
step (a compile, a package install, a download): joined, every edit of the
quick one would rebuild the long one, for no smaller image. A join must pay
(one layer fewer alone is no gain): a RUN is joined to the RUNs before only
when it removes files they added and left in their layers (a manager's
clean-up where that manager ran and did not clean up itself; an `rm` of a
path they name and did not remove themselves; a package they installed), or
installs with the package index an earlier RUN fetched and kept (`apt-get
update` + install, a chain of apt installs on one set of lists, `apk update`
+ `apk add`, yum installs with no `yum clean` between them: joined across a
clean, the metadata would be fetched twice), or starts the same service as a
RUN before (`service postgresql start`: the database rewrites its files in
every layer). Everything else stays apart: tiny config RUNs (a2enmod, sed,
mkdir, chmod, echo), self-contained installs (`apk add --no-cache`, apt with
the lists removed in each), pip/npm installs and test runs, a runtime install
after a build RUN, steps of unknown length. `--option
merge-run-only-gains=false` joins every mergeable RUN again (hadolint DL3059),
except a quick RUN after a long step and two long steps of different kinds.

Fix safety: unsafe (applied only with --unsafe-fixes): the build cache and
the layers change (a slow first command is no longer cached on its own),
and the proof below relies on reading the shell code. Exit status: the
merged script is `S1 && S2 && ... && Sn`. `&&` and `||` have equal
precedence and group to the left, so whatever S1 is (`a; b`, `a || b`,
`if ...; fi`), `S1 && S2` runs S2 only when S1's LAST list succeeded, which
is exactly when RUN S1 succeeded: `a; b` + `c` gives `a; b && c`, `a || b`
+ `c` gives `a || b && c` = `{ a || b; } && c`. Only the first script's
trailing operator matters; a later script must be a plain `x && y` chain
(`S1 && x; y` would run y after S1 failed), or it is put in a subshell
`( x; y )`. Command paths: the shell remembers where it found a command;
a RUN that runs a command which a RUN before ran and then may have put anew
in PATH (`pip3 install --upgrade pip` on Debian/Ubuntu puts the new pip3 in
/usr/local/bin, `npm i -g npm`, `gem update --system`, a `cp`/`mv`/`curl -o`
into a bin directory) is not joined: it would run the old one. set -e: left of `&&` the shell ignores set -e, down to every
command inside; so when set -e may be on (the SHELL has -e / -o errexit, or
the script runs `set` with such a flag, or sets an ERR trap, which the
shell skips there too), the part of a script that would sit
left of `&&` (the whole script when it goes in a subshell, else its last
statement) must not hold several commands in a row, a loop, eval or source:
such RUNs are not merged (`RUN set -eux; a; b` + `RUN c` as
`( set -eux; a; b ) && c` would run b and c after a failed). One exception
keeps them: RUNs that start with the same `set -e...` (`RUN set -eux; a; b`
+ `RUN set -eux; c`) are joined with a plain `;` and no subshell, from the
first RUN of the group on, when the first changes no other state and does
not end in an `&&`/`||` list: set -e stops the shell at any failing
statement, so the next part runs only when the RUN before would have
passed, and it starts in the state its own `set` gives it. Once such a
group stops being joined with `;`, a later RUN that does not start with
the same `set` is not joined (it would run under that set).
State: a script followed by another must not change the
shell's state (cd, export, set (other than -x/-v), source/., umask, exit,
exec, trap, alias, functions, variable assignments, unset, shopt, ulimit,
eval, a command name that is a variable, ...); such a script is wrapped in
`( ... )` (for loops, `printf -v` and `[[ =~ ]]` count as assignments),
which keeps its meaning (a subshell starts from the same fresh
state and its exit status is the script's) unless it uses `$$`, PPID,
BASHPID or SHLVL: then it is not merged; nor is a later script that reads
`$_` or LINENO. A RUN that installs with yum/dnf/microdnf/zypper is not
joined after RUNs that already ran that manager's `clean` (or, for
yum/dnf/microdnf, any `rm -rf`, which hadolint also counts as the clean-up):
hadolint checks that the first clean comes after the first install and would
report the joined RUN (DL3032/DL3040/DL3036), although every install is still
cleaned; nor after a RUN that cleaned up that manager's index, whatever else the
join gains (the clean-up would sit in the middle of the joined RUN and the
index would be fetched twice). A RUN that runs `apt-get update` is not joined to
RUNs that ran it too (one RUN would fetch the lists twice). Never merged: RUNs whose flags
differ (`--mount`, `--network`, `--security`), exec-form RUNs, heredocs,
a shell comment (`# ...` after a command: a joined line would comment out
everything after it), a script ending in `&` or running something
in the background (a trailing `;` is dropped where `&&` follows it:
`a;` has the status of `a`), RUNs separated by another instruction or carrying a
`# dockfix: ignore` / `# hadolint ignore=` comment (it would then cover
the other commands), a non-`\\` escape character, and shells that are not
POSIX shells or do not parse.
"""

    def _unit(self, doc: Dockerfile, ins: Instruction) -> tuple[ShellView | None, str | None]:
        """(view, reason-not-mergeable)."""
        if ins.sub is not None or ins.cmd != "RUN":
            return None, "not a RUN"
        if ins.json:
            return None, "exec-form RUN"
        if ins.heredocs:
            return None, "RUN with a heredoc"
        view = model_of(doc).shell_view(ins)
        if view is None:
            return None, "not a POSIX shell RUN"
        if view.has_error:
            return None, "the shell script does not parse"
        if has_comment(view):
            return None, "a shell comment in the RUN would comment out the joined commands"
        if has_heredoc(view):
            return None, "a shell heredoc"
        script = view.script.rstrip()
        if not script or script.endswith(";;") or script.endswith("&") and not script.endswith("&&"):
            return None, "the script ends in ';;' or '&'"
        if script.endswith(";") and doc.text[ins.args_end - 1:ins.args_end] != ";":
            return None, "the script ends in ';' split over lines"
        if starts_background_job(view):
            return None, "runs a command in the background"
        if any(_IGNORE_RE.match(c) for c in ins.comments):
            return None, "a dockfix/hadolint ignore comment on it"
        ls = ins.lines[-1]
        if not (ls.start <= ins.args_end <= ls.end):
            return None, "unusual line layout"
        if "#" in doc.text[ins.start:ins.args_start]:
            return None, "comment lines between RUN and its command"
        return view, None

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        if doc.escape != "\\" and any(i.cmd == "RUN" for i in doc.instructions):
            for a, b in zip(doc.instructions, doc.instructions[1:]):
                if a.cmd == "RUN" and b.cmd == "RUN" and a.sub is None and b.sub is None:
                    yield ctx.finding(self, b, "consecutive RUN instructions", refused="the escape character is not \\")
            return
        ins_list = doc.instructions
        only_gains = option_bool(ctx.options.get("merge-run-only-gains", True))
        i = 0
        while i < len(ins_list) - 1:
            a = ins_list[i]
            nxt = ins_list[i + 1]
            if a.cmd != "RUN" or a.sub is not None or nxt.cmd != "RUN" or nxt.sub is not None:
                i += 1
                continue
            if a.stage is not None and ctx.model.is_builder(a.stage):
                yield ctx.finding(self, nxt, "consecutive RUN instructions",
                                  refused="a builder stage: only COPY --from reads it, so its layers are thrown "
                                          "away and fewer of them gain nothing")
                i += 1
                continue
            if not only_gains and i > 0 and _quick_after_slow(doc, ins_list[i - 1], a):
                # (with only gains, a later round joins the long step only where that pays too)
                i += 1  # kept apart from the long step before: joined forward, a later round would join that too
                continue
            group = [a]
            views: list[ShellView] = []
            va, why = self._unit(doc, a)
            if va is None or why:
                b = ins_list[i + 1]
                if b.cmd == "RUN" and b.sub is None and b.stage is a.stage:
                    yield ctx.finding(self, b, "consecutive RUN instructions", refused=f"the first RUN: {why}")
                i += 1
                continue
            views.append(va)
            refusal = None
            j = i + 1
            while j < len(ins_list):
                b = ins_list[j]
                if b.cmd != "RUN" or b.sub is not None or b.stage is not a.stage:
                    break
                vb, why = self._unit(doc, b)
                if vb is None or why is not None:
                    refusal = (b, why or "")
                    break
                if _flagset(b) != _flagset(a):
                    why = "the RUN flags differ (--mount/--network/--security)"
                if why is None:
                    why = _kept_apart(doc, views, b, vb)
                same = why is None and _same_set_prefix(views + [vb])[-2]
                if why is None and not same and _same_set_prefix(views)[0]:
                    # the joined shell runs under the `set` the first RUNs share from here on
                    lead = leading_errexit_set(vb)
                    if lead is None or lead != leading_errexit_set(views[0]):
                        why = ("the RUNs before are joined with `;` under their shared `set -e...`, which would "
                               "stay on for this RUN; it does not start with the same `set`")
                if why is None and not same:
                    w = state_leak(views[-1])
                    if w is not None and _NO_SUBSHELL.search(views[-1].script):
                        why = f"the previous RUN {w} and uses $$/PPID (a subshell would change it)"
                why = why or _hadolint_clean_order(views, vb)
                if why is None and not same:
                    why = _errexit_lost(doc, group[-1], views[-1], len(views) - 1)
                if why is None:
                    stale = _stale_command(views, vb)
                    if stale:
                        why = (f"a RUN before runs `{stale}` and then may install a new `{stale}`; joined, the shell "
                               f"would keep running the `{stale}` it found first (it remembers command paths)")
                if why is None:
                    name = _lost_variable(views, vb)
                    if name:
                        why = (f"a RUN before sets {name}, which this RUN uses; joined, that RUN would run in a "
                               "subshell and shellcheck would report the lost value (SC2031)")
                if why is None and _READS_HISTORY.search(vb.script):
                    why = "the RUN reads $_ or LINENO, which the joined commands would change"
                if why is None and not same:
                    w2 = not _and_chain(vb)
                    if w2 and _NO_SUBSHELL.search(vb.script):
                        why = "the RUN is not an && chain and uses $$/PPID (a subshell would change it)"
                if why is None:
                    slow = next((x for x in (facts_of(v).slow_step for v in views) if x), None)
                    why = _no_gain(views, vb, slow, only_gains)  # last: a hazard above is the reason to report
                why = why or _refetch_after_clean(views, vb)  # whatever the join gains otherwise
                if why is not None:
                    refusal = (b, why)
                    break
                group.append(b)
                views.append(vb)
                j += 1
            if len(group) > 1:
                fix = self._merge(doc, group, views)
                yield ctx.finding(self, group[1], f"{len(group)} consecutive RUN instructions can be one",
                                  fix=fix)
            if refusal is not None:
                yield ctx.finding(self, refusal[0], "consecutive RUN instructions", refused=refusal[1])
            i = j if len(group) > 1 else i + 1

    def _merge(self, doc: Dockerfile, group: list[Instruction], views: list[ShellView]) -> Fix:
        text = doc.text
        a = group[0]
        indent = "    "
        for ln in a.lines[1:]:
            s = text[ln.start:ln.end]
            if s.strip() and not s.lstrip().startswith("#"):
                indent = line_indent(text, ln.start) or indent
                break
        edits = []
        n = len(group)
        same = _same_set_prefix(views)
        for k, (ins, view) in enumerate(zip(group, views)):
            last = k == n - 1
            wrap = False
            if not last and not same[k] and state_leak(view) is not None:
                wrap = True
            if k > 0 and not same[k - 1] and not _and_chain(view):
                wrap = True
            start_text = ""
            if k > 0:
                # comments kept (blank lines dropped: empty continuation lines are deprecated)
                lead = text[ins.leading_start:ins.start]
                kept = "".join(l for l in lead.splitlines(keepends=True) if l.strip())
                if kept != lead:
                    edits.append(Edit(ins.leading_start, ins.start, kept))
                start_text = indent
                if wrap:
                    start_text += "( "
                edits.append(Edit(ins.start, ins.args_start, start_text))
            elif wrap:
                edits.append(Edit(ins.args_start, ins.args_start, "( "))
            end_text = " )" if wrap else ""
            if not last:
                end_text += "; \\" if same[k] else " && \\"
                cut = ins.args_end
                if not wrap and text[cut - 1:cut] == ";" and ending(view).semicolon:
                    # `a;` has a's status: `a && next` (a `;` before `&&` would not parse)
                    cut -= 1
                    while cut > ins.args_start and text[cut - 1] in " \t":
                        cut -= 1
                edits.append(Edit(cut, ins.lines[-1].end, end_text))
            elif end_text:
                edits.append(Edit(ins.args_end, ins.args_end, end_text))
        # one edit over the whole group, so that no other fix (an insertion
        # before a RUN, say) can land between the joined lines in the same round
        return Fix([one_edit(text, group[0].start, group[-1].end, edits)], UNSAFE,
                   message=f"merge {n} RUN instructions")


def _kept_apart(doc: Dockerfile, views: list[ShellView], b: Instruction, vb: ShellView) -> str | None:
    """Why the author's separation of ``b`` from the RUNs before (``views``)
    is worth more than one layer fewer: a comment paragraph, commented-out
    instructions, a cache boundary, or a long step a quick one would make
    rebuild; None: nothing."""
    lead = doc.text[b.leading_start:b.start]
    for line in lead.splitlines():
        kw = commented_instruction(line)
        if kw:
            return (f"a commented-out `{kw}` instruction sits before the RUN: joined into the continuation, "
                    "uncommenting it would turn it into a shell command")
    # the lists a RUN before leaves in its layer are removed by this one: joined, the image is smaller
    shrinks = facts_of(vb).apt_lists[1] and any(facts_of(v).apt_lists == (True, False) for v in views)
    if comment_paragraph(lead) and not shrinks:
        return "a blank line and a comment paragraph set the RUN apart"
    for v in (*views, vb):
        bust = facts_of(v).cache_bust
        if bust:
            return f"a RUN that uses `{bust}` is a cache boundary kept apart on purpose"
    if facts_of(views[-1]).apt_lists[1] and facts_of(vb).apt_lists[0]:
        return ("the RUN before removes the apt lists and this RUN fetches them again: joined, one RUN would "
                "download them twice (`update && rm ... && update`), for no smaller image")
    if facts_of(vb).apt_lists[0] and any(facts_of(v).apt_lists[0] for v in views):
        return ("the RUNs before and this one each run `apt-get update`: joined, one RUN would fetch the lists "
                "twice; removing them at the end of the RUN before (apt-lists-cleanup) gives the same image")
    account = facts_of(vb).account_setup
    if account and not facts_of(views[-1]).account_setup:
        return (f"the RUN only sets up an account (`{account}`): its own small layer, so that changing the account "
                "does not rebuild the steps before it")
    slow = next((s for s in (facts_of(v).slow_step for v in views) if s), None)
    after = facts_of(vb)
    if slow and after.slow_step is None and after.cleans_up is None:
        return (f"the RUNs before are a long build step (`{slow}`) and this quick RUN removes nothing: joined, "
                "every change to it would rebuild the long step, for no smaller image")
    return None


# package managers: RUNs that install with the same one make a chain of installs, one step
_PM_KIND = {"apt-get": "apt", "apt": "apt", "aptitude": "apt", "apk": "apk", "yum": "yum", "dnf": "yum",
            "microdnf": "yum", "zypper": "zypper", "pip": "pip", "pip2": "pip", "pip3": "pip", "npm": "npm",
            "yarn": "npm", "pnpm": "npm", "gem": "gem", "bundle": "gem", "pecl": "pecl", "composer": "composer",
            "conda": "conda", "mamba": "conda", "cpanm": "cpan", "cpan": "cpan", "docker-php-ext-install": "pecl"}
# caches a manager leaves; removing them gains only where that manager ran in the joined RUNs
_CACHE_OF = (("/var/lib/apt", "apt"), ("/var/cache/apt", "apt"), ("/var/cache/yum", "yum"),
             ("/var/cache/dnf", "yum"), ("/var/cache/apk", "apk"), ("/root/.cache/pip", "pip"),
             ("/root/.npm", "npm"), ("/usr/local/share/.cache/yarn", "npm"), ("/root/.composer", "composer"),
             ("/root/.gem", "gem"))


def _kinds(views: list[ShellView]) -> set[str]:
    """The package managers (and other long-step tools) the scripts run."""
    out: set[str] = set()
    for v in views:
        for c in v.commands():
            what = slow_command(c)
            if what:
                tool = what.split()[0].rsplit("/", 1)[-1]
                out.add(_PM_KIND.get(tool, tool))
    return out


def _stem(path: str) -> str:
    """The literal start of a path operand, before any glob or expansion, unquoted (`"/tmp/x-$v"`: `/tmp/x-`)."""
    return re.split(r"[*?\[$`]", path.replace('"', "").replace("'", ""), maxsplit=1)[0].rstrip("/")


def _rm_stems(v: ShellView) -> list[str]:
    """The paths ``v`` removes with rm/rmdir/unlink, cut at the first glob or expansion."""
    out = []
    for c in v.commands():
        if (c.name or "").rsplit("/", 1)[-1] in ("rm", "rmdir", "unlink"):
            for w in c.argv[1:]:
                p = w.value if w.value is not None else w.text
                if not p.startswith("-"):
                    out.append(_stem(p))
    return out


def _made_text(v: ShellView) -> str:
    """The script without its echo/printf commands: a path only printed there
    (`echo "... -c /etc/x.conf" >> f`) was not made by it."""
    text = v.script
    for c in v.commands():
        if (c.name or "") in ("echo", "printf"):
            text = text.replace(v.span_text(c.node), " ")
    return text


def _already_removed(v: ShellView, stem: str) -> bool:
    """Whether ``v`` itself removes ``stem`` (or a folder above it)."""
    return any(r and (stem == r or stem.startswith(r + "/")) for r in _rm_stems(v))


def _manager_words(c: SimpleCommand) -> tuple[str | None, set[str | None]]:
    """The package manager ``c`` runs (through `sudo`/`env`) and its words."""
    call = unwrap(c)
    if call is None or call.name is None:
        return None, set()
    return _PM_KIND.get(call.name.rsplit("/", 1)[-1]), {w.value for w in call.args}


def _runs_clean(v: ShellView, kind: str) -> bool:
    """Whether ``v`` runs the clean-up of the package manager ``kind`` (`yum clean all`, `apt-get clean`)."""
    for c in v.commands():
        k, vals = _manager_words(c)
        if k == kind and vals & {"clean", "autoclean", "cache"}:
            return True
    return False


_REMOVE_WORDS = {"purge", "remove", "del", "erase", "uninstall"}


def _removes_what_they_added(views: list[ShellView], vb: ShellView, strict: bool = True) -> bool:
    """Whether the script ``vb`` removes files the scripts before added and left
    in their layers: a manager's clean-up or cache counts only where that
    manager ran in a RUN before that did not clean it up itself; any other
    ``rm`` counts when a RUN before names the path and does not remove it
    itself (a second `rm -rf /var/lib/apt/lists/*` removes nothing); not
    ``strict``: any path it did not make itself counts too (unknown)."""
    kinds = _kinds(views)
    for c in vb.commands():
        name = (c.name or "").rsplit("/", 1)[-1]
        vals = [w.value for w in c.argv[1:]]
        if name in ("rm", "rmdir", "unlink"):
            paths = [w.value if w.value is not None else w.text for w in c.argv[1:]]
            for p in (p for p in paths if not p.startswith("-")):
                stem = _stem(p)
                if len(stem) < 2 or stem in ("..", "~/"):
                    continue
                owner = next((k for pre, k in _CACHE_OF if p.startswith(pre)), None)
                if owner is not None:
                    if any(owner in _kinds([v]) and not _already_removed(v, stem) and not _no_cache(v, owner)
                           and not (owner != "apt" and _runs_clean(v, owner)) for v in views):
                        return True
                    continue
                name = posixpath.basename(stem)
                word = re.compile(r"(?<![\w.-])" + re.escape(name) + r"(?![\w-])") if len(name) >= 3 else None

                def names(script: str, stem: str = stem, word: re.Pattern[str] | None = word) -> bool:
                    return stem in script or word is not None and word.search(script) is not None

                if any(names(_made_text(v)) and not _already_removed(v, stem) for v in views):
                    return True
                if not strict:  # unknown: counts unless the RUN made the path itself before
                    own = vb.script[:vb.script.find(vb.span_text(c.node))] if vb.span_text(c.node) in vb.script else ""
                    if not names(own):
                        return True
        elif name in _PM_KIND and _PM_KIND[name] in kinds:
            kind = _PM_KIND[name]
            if "autoremove" in vals:
                return True  # what packages a RUN before installed pulled in
            if any(v in _REMOVE_WORDS for v in vals) and any(
                    re.search(r"(?<![\w.-])" + re.escape(p) + r"(?![\w.-])", v.script)
                    for p in vals if p and not p.startswith("-") and p not in _REMOVE_WORDS for v in views):
                return True  # packages a RUN before installed
            if any(v in ("clean", "autoclean", "cache") for v in vals) and any(
                    kind in _kinds([v]) and not _runs_clean(v, kind) and not _no_cache(v, kind) for v in views):
                return True
    return False


# package managers whose package index a RUN keeps for the next install to use
_INDEXED = ("apt", "apk", "yum", "zypper")


def _installs(v: ShellView, kind: str) -> bool:
    """Whether ``v`` installs (or upgrades) packages with the manager ``kind``."""
    return any(_PM_KIND.get(what.split()[0].rsplit("/", 1)[-1]) == kind
               for what in (slow_command(c) for c in v.commands()) if what)


def _no_cache(v: ShellView, kind: str) -> bool:
    """Whether ``v`` runs the manager ``kind`` so that it keeps no index (`apk add --no-cache`)."""
    return kind == "apk" and any(_manager_words(c)[0] == "apk" and "--no-cache" in _manager_words(c)[1]
                                 for c in v.commands())


def _cleans_index(v: ShellView, kind: str) -> bool:
    """Whether ``v`` runs the manager ``kind`` and removes its metadata (`yum clean all`, an `rm -rf`
    of its cache directory)."""
    ran = _installs(v, kind) or any(_manager_words(c)[0] == kind for c in v.commands())
    return ran and (_runs_clean(v, kind) or any(
        s and (s.startswith(pre) or pre.startswith(s + "/")) for s in _rm_stems(v) for pre, k in _CACHE_OF if k == kind))


def _refetch_after_clean(views: list[ShellView], vb: ShellView) -> str | None:
    """Why not to join: a package manager (yum/dnf, zypper) whose index a RUN
    before removed and that ``vb`` installs with again; None: none."""
    for kind in ("yum", "zypper"):
        if _installs(vb, kind) and any(_cleans_index(v, kind) for v in views):
            return (f"a RUN before cleans up the {kind} package index and this RUN installs with {kind} again: "
                    "joined, the clean-up would sit in the middle of the RUN and the index would be fetched twice")
    return None


def _keeps_index(v: ShellView, kind: str) -> bool:
    """Whether ``v`` leaves the package index of ``kind`` in its layer: it fetched
    it (an update, or an install that downloads it) and did not remove it."""
    if kind == "apt":
        return facts_of(v).apt_lists == (True, False) or \
            _installs(v, "apt") and not facts_of(v).apt_lists[1]
    ran = _installs(v, kind) or any(_manager_words(c)[0] == kind and _manager_words(c)[1] & {"update", "makecache"}
                                    for c in v.commands())
    if not ran or _no_cache(v, kind) or _runs_clean(v, kind):
        return False
    return not any(s.startswith(pre) for s in _rm_stems(v) for pre, k in _CACHE_OF if k == kind) and \
        not any(s and pre.startswith(s + "/") for s in _rm_stems(v) for pre, k in _CACHE_OF if k == kind)


def _shares_index(views: list[ShellView], vb: ShellView, wrapped: bool) -> str | None:
    """The manager whose index ``vb`` installs with, which the last RUN before
    that ran the manager fetched and left (update + install; a chain of
    installs with one manager and no clean-up between); None: none."""
    for kind in _INDEXED:
        if not _installs(vb, kind) or _no_cache(vb, kind):
            continue
        if kind == "apt" and facts_of(vb).apt_lists[0]:
            continue  # it fetches the lists again itself
        keeper = next((v for v in reversed(views) if any(_manager_words(c)[0] == kind for c in v.commands())), None)
        if keeper is None or not _keeps_index(keeper, kind):
            continue
        fetched = kind == "apt" and facts_of(keeper).apt_lists[0]
        if fetched or not wrapped:
            return kind
    return None


def _one_manager(views: list[ShellView], vb: ShellView, slow: str, wrapped: bool) -> bool:
    """Whether ``vb`` goes on a chain of long steps with one tool (`pip install` + `pip install`,
    `go get` + `go install`) without a subshell."""
    last: str = next((s for s in (facts_of(v).slow_step for v in reversed(views)) if s), slow)
    t_before = last.split()[0].rsplit("/", 1)[-1]
    t_after = (facts_of(vb).slow_step or "").split()[0].rsplit("/", 1)[-1]
    return _PM_KIND.get(t_after, t_after) == _PM_KIND.get(t_before, t_before) and not wrapped


def _services(v: ShellView) -> set[str]:
    """The services ``v`` starts (`service postgresql start`, `/etc/init.d/mysql restart`)."""
    out = set()
    for c in v.commands():
        name = c.name or ""
        vals = [w.value for w in c.argv[1:]]
        if name.rsplit("/", 1)[-1] == "service" and len(vals) >= 2 and vals[0] and \
                vals[1] in ("start", "restart"):
            out.add(vals[0])
        elif name.startswith("/etc/init.d/") and vals[:1] and vals[0] in ("start", "restart"):
            out.add(name.rsplit("/", 1)[-1])
    return out


def _no_gain(views: list[ShellView], vb: ShellView, slow: str | None, only_gains: bool = True) -> str | None:
    """Why joining ``vb`` to the RUNs before gains nothing real, or None.

    A join pays when the RUN removes files the RUNs before added and left
    (the image is smaller), when it installs with the package index an
    earlier RUN fetched and kept (update + install: one step, no stale
    lists; a chain of apt/yum installs using the same lists), or when it
    starts the same service as a RUN before (a database rewrites its data
    files in every layer). Anything else stays apart: tiny config RUNs (one
    layer fewer is no smaller image), two self-contained installs
    (`apk add --no-cache`, lists removed in each), pip/npm installs and
    test runs, steps whose length is unknown."""
    wrapped = state_leak(views[-1]) is not None or not _and_chain(vb)
    after = facts_of(vb)
    if _removes_what_they_added(views, vb, only_gains):
        return None
    if _shares_index(views, vb, wrapped):
        return None
    if _services(vb) & {s for v in views for s in _services(v)}:
        return None
    if after.cleans_up is not None and after.slow_step is None and \
            all(slow_command(c) is None and _cleans(c) for c in vb.commands()):
        return (f"the RUN only cleans up (`{after.cleans_up}`) what the RUNs before did not add or already "
                "removed: joined, the image is no smaller")
    if not only_gains and (slow is None or after.slow_step is None or _one_manager(views, vb, slow, wrapped)):
        return None  # every mergeable RUN is joined; two long steps of different kinds still stay apart
    for kind in ("yum", "apk", "apt", "zypper"):
        if _installs(vb, kind) and any(_installs(v, kind) for v in views):
            return (f"the RUNs before and this one each install with {kind} and clean up or fetch their own "
                    "package index: joined, nothing is removed and no index is shared, so the image is no "
                    "smaller, and a change to either would rebuild both")
    if slow is not None and after.slow_step is not None:
        return (f"the RUNs before are a long build step (`{slow}`) and this RUN another (`{after.slow_step}`) "
                "that removes nothing they added: joined, a change to either would rebuild both, for no "
                "smaller image")
    return ("joining gains nothing: the RUN removes nothing the RUNs before added and left, uses no package "
            "index they fetched and restarts none of their services; one layer fewer is no smaller image, "
            "and a change to either RUN would rebuild both")


def _cleans(c: SimpleCommand) -> bool:
    name = (c.name or "").rsplit("/", 1)[-1]
    vals = [w.value for w in c.argv[1:]]
    return name in ("rm", "rmdir", "unlink") or (name in _PM_KIND and any(
        v in ("clean", "autoclean", "purge", "remove", "autoremove", "del", "erase", "uninstall", "cache")
        for v in vals)) or name in ("true", ":")


def _quick_after_slow(doc: Dockerfile, prev: Instruction, ins: Instruction) -> bool:
    """Whether ``ins`` is a quick RUN that removes nothing right after a RUN
    of its stage that is a long build step."""
    if prev.cmd != "RUN" or prev.sub is not None or prev.stage is not ins.stage:
        return False
    model = model_of(doc)
    vp, vi = model.shell_view(prev), model.shell_view(ins)
    if vp is None or vi is None or vp.has_error or vi.has_error:
        return False
    fi = facts_of(vi)
    return facts_of(vp).slow_step is not None and fi.slow_step is None and fi.cleans_up is None


def one_edit(text: str, start: int, end: int, edits: list[Edit]) -> Edit:
    """The edits (all inside ``start``..``end``) as one replacement of that range."""
    inner = [Edit(e.start - start, e.end - start, e.content) for e in edits]
    return Edit(start, end, apply_edits(text[start:end], inner))


_PKG_MANAGERS = ("yum", "dnf", "microdnf", "zypper")
_INSTALL_WORDS = {"install", "in", "groupinstall", "localinstall"}
# hadolint (DL3032/DL3040) counts `yum clean all` (any `clean` or `all` word)
# and ANY `rm -rf ...` as the clean-up, for yum, dnf and microdnf alike
_CLEAN_WORDS = {"clean", "cc", "all"}
_RM_CLEANS = {"yum", "dnf", "microdnf"}


def _order_ok(cmds: list[SimpleCommand], mgr: str) -> bool:
    """hadolint's check that the first ``mgr`` install comes before the first
    clean-up; a script without a clean-up passes (yum-dnf-clean appends one)."""
    first_install = first_clean = None
    for k, c in enumerate(cmds):
        name = posixpath.basename(c.name) if c.name else c.name
        vals = {w.value for w in c.args if w.value}
        if first_install is None and name == mgr and vals & _INSTALL_WORDS:
            first_install = k
        if first_clean is None and (
            (name == mgr and vals & _CLEAN_WORDS)
            or (mgr in _RM_CLEANS and name == "rm" and vals & {"-rf", "/var/cache/yum/*"})
        ):
            first_clean = k
    return first_install is None or first_clean is None or first_install < first_clean


def _hadolint_clean_order(views: list[ShellView], vb: ShellView) -> str | None:
    """Why not to join: hadolint would see an install after a clean-up (``_installs_after_clean``)."""
    mgr = _installs_after_clean(views, vb)
    if mgr is None:
        return None
    return (f"it runs `{mgr} install` after a `{mgr} clean` or `rm -rf` of the RUNs before; "
            "joined, hadolint (DL3032/DL3040/DL3036) would report the clean as missing")


def _installs_after_clean(views: list[ShellView], vb: ShellView) -> str | None:
    """A package manager whose install hadolint would see after a clean-up
    (its own `clean`, or any `rm -rf`) once ``vb`` is joined to ``views``,
    though each RUN on its own passes that check."""
    parts = [list(v.commands()) for v in (*views, vb)]
    merged = [c for p in parts for c in p]
    names = {posixpath.basename(c.name) for c in merged if c.name}  # a manager never run: its order is fine
    for mgr in _PKG_MANAGERS:
        if mgr in names and not _order_ok(merged, mgr) and all(_order_ok(p, mgr) for p in parts):
            return mgr
    return None


def _flagset(ins: Instruction) -> list[tuple[str, str | None]]:
    return sorted((f.name, f.value) for f in ins.flags)
