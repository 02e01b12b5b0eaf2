"""apt-get install without --no-install-recommends (DL3015)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import UNSAFE, Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.fixing.shell_edits import insert_after, insert_edit
from dockfix.semantic.images import uses_apt
from dockfix.semantic.recommends import (
    COVERED_BY,
    TlsUse,
    environment_packages,
    gnupg_recommends_dirmngr,
    recommends_table,
    requirements_schemes,
    runs_xvfb_run,
    stage_uses,
    tls_uses,
    toolbox_program,
)
from dockfix.shell.facts import facts_of
from dockfix.shell.tools import AptCall, always_runs, apt_call, calls, option_values
from dockfix.syntax.cst import Instruction

_RECOMMENDS_OPT = re.compile(r"(?i)^APT::Install-Recommends=")


class AptNoInstallRecommends(Transform):
    name = "apt-no-install-recommends"
    shipped_stages_only = True
    code = "DF111"
    summary = "Add --no-install-recommends to apt-get install"
    hadolint = ("DL3015",)
    applicability = UNSAFE
    max_applicability = UNSAFE
    links = ("https://github.com/hadolint/hadolint/wiki/DL3015",)
    explanation = """
What: `apt-get install` gets `--no-install-recommends` right after
`install`, unless it already has it (or `-o APT::Install-Recommends=...`).

Why: by default apt also installs every "Recommended" package. Those are
rarely needed in a container and often add hundreds of megabytes (a
compiler toolchain pulls in documentation, X11 libraries, ...). hadolint
reports DL3015.

Example:
    RUN apt-get install -y curl
becomes
    RUN apt-get install -y --no-install-recommends curl

Packages the build needs that apt would install only as a recommendation
are added by name, from a table generated from Debian's package data
(`tools/gen_recommends.py`, `dockfix/data/debian_recommends.txt`; its header
names the release and the date); the finding names each package added and
why. `ca-certificates` for packages that bring it in (curl's libcurl, wget,
git, apt-transport-https, python3 ...) when the stage ships (a program may
use TLS at run time) or uses TLS after the install: a download over https
(curl, wget, git, pip from `git+https://`, also in a requirements file of
the build context that `pip install -r` reads), an `apt-get update` against
an https apt source. Only a ca-certificates install before that first use
counts: one later in the RUN, or in a later RUN, comes too late for it.
`xauth` for xvfb when the image runs `xvfb-run` (a RUN, CMD/ENTRYPOINT, the
entrypoint script or package.json of the context): Debian's xvfb only
recommends xauth, and xvfb-run exits 3 without it. `libc6-dev` for gcc
without build-essential, `automake` for autoconf, `gcc`/`make` for cmake,
`openssh-client` for git when the stage uses ssh (git over ssh, keys
COPY'd into `.ssh`, `ssh-keyscan`, GIT_SSH_COMMAND, `RUN --mount=type=ssh`,
`git+ssh://` URLs in a requirements file of the context),
`unzip` for zip when the stage runs composer (without it composer clones
every package with git), `gnupg` for software-properties-common when the
stage runs add-apt-repository (a PPA's key is imported with gpg; on stretch
gnupg only recommends `dirmngr`, which is then kept too), `gnupg` for gpg
when the stage fetches keys from a keyserver (`gpg --recv-keys`: gpg starts
gnupg's dirmngr; on stretch, `dirmngr` for gnupg), and the
build-essential/python3-dev that python3-pip (or npm) only recommends when
the stage runs `pip install` (or `npm install`), which may build a package
from source (Python 2's python-pip: build-essential, python-dev,
python-setuptools, python-wheel). A package list in a variable is read from a
literal assignment in the script or an ENV/ARG of the file. A name with a
variable of unknown value inside it (`php${PHP_VERSION}-gmp`) is read as the
names it can be: what any of them brings in only as a Recommends is added by
name; a whole list of unknown value (`$PACKAGES`) refuses the fix. A list
written one package per line gets each added package on a line of its own; a
package an earlier install of the stage already adds (one that always runs)
is not added again (e.g. to a later `-t backports` install). An image whose role is a command-line tool and whose
start command runs a package of the install that has Recommends (`opam`,
`zip`) is refused: the tool may need them at run time, and the table lists
only what builds need (`dockfix/data/debian_has_recommends.txt`).

Fix safety: unsafe. The image gets fewer packages; software that relied on
another recommended package (say `gnupg` for some tools) fails later, at
build or at run time. Review the diff. An install that explicitly asks for
`--install-recommends` is left alone.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        added: dict[int, set[str]] = {}  # stage index -> packages an earlier fix here installs by name
        for ins, view in ctx.model.run_views():
            for call in calls(view):
                ac = apt_call(call)
                if ac is None or ac.tool != "apt-get" or ac.sub != "install":
                    continue
                opts = option_values(ac)
                if any(v == "--no-install-recommends" or v.startswith("--no-install-recommends=") for v in opts):
                    continue
                if any(_RECOMMENDS_OPT.match(v) for v in opts):
                    continue
                where = (call.cmd.start, call.cmd.end)
                msg = "`apt-get install` without --no-install-recommends also installs recommended packages"
                if any(v == "--install-recommends" or v.startswith("--install-recommends=") for v in opts):
                    yield ctx.finding(self, where, msg, refused="the command asks for --install-recommends explicitly",
                                      instruction=ins)
                    continue
                assert ac.sub_word is not None  # apt_call sets sub_word with sub
                earlier = set().union(*(added.get(s.index, set()) for s in _chain(ctx, ins)))
                keep = self._kept(ctx, ins, ac, earlier)
                if isinstance(keep, str):
                    yield ctx.finding(self, where, msg, refused=keep, instruction=ins)
                    continue
                edits = [insert_edit(ctx.doc, ac.sub_word.end, " --no-install-recommends")]
                message = "add --no-install-recommends"
                if keep:
                    if ins.stage is not None and ins.sub is None and always_runs(view, call.cmd.node):
                        # later installs of the stage need not add these again (an install in a
                        # branch may not run: what it adds counts for nothing after it)
                        added.setdefault(ins.stage.index, set()).update(keep)
                    edits.append(_append_packages(ctx, ac, list(keep)))
                    message += " and install " + _kept_text(keep)
                    # said in the finding too: the packages added are part of the change a reader reviews
                    msg += "; the fix installs " + _kept_text(keep) + " by name"
                names = [(w.value or "").split("=")[0] for w in ac.operands]
                env = environment_packages(ctx.model, ctx.context_dir, ins.stage, names) if ins.stage else None
                if env is not None:
                    message += f"; {env}"  # said, not hidden: the user accepts it or leaves the install as it is
                yield ctx.finding(self, where, msg, fix=Fix.unsafe(*edits, message=message), instruction=ins)

    def _kept(self, ctx: Context, ins, ac: AptCall, earlier: set[str]) -> dict[str, str] | str:
        """{recommended package the build needs: the package that recommends it}, or why refused."""
        model = ctx.model
        st = ins.stage
        if st is None or not uses_apt(model.family(st)):
            return {}
        view = model.shell_view(ins)
        names = _packages(model, ins, facts_of(view).literal_assignments if view is not None else {}, ac)
        if names is None:
            return "the package list uses a variable: which recommended packages the build needs is unknown"
        literal = [n for n in names if isinstance(n, str) and n]
        tool = toolbox_program(model, ctx.context_dir, st, literal)
        if tool is not None:
            return tool
        table = recommends_table()
        needed = table.needed_by([n for n in names if isinstance(n, str) and n])
        # a name with a variable of unknown value: what any name it can be brings in is installed by name
        for pattern in (n for n in names if isinstance(n, re.Pattern)):
            for pkg, hit in table.needed_by_pattern(pattern).items():
                needed.setdefault(pkg, f"{hit}, a name the variable may give")
        if not needed:
            return {}
        stages = [*model.chain(st), *model.built_on(st)]
        installed = set(names) | earlier
        pip = npm = False
        uses = set(stage_uses(model, stages))
        if runs_xvfb_run(model, ctx.context_dir, stages):
            uses.add("xvfb-run")
        ca_installs: list[tuple[Instruction, int]] = []  # (RUN, file offset) of each install naming ca-certificates
        for other, view in model.stage_runs(stages):
            facts = facts_of(view)
            pip = pip or facts.pip_installs
            npm = npm or facts.npm_installs
            uses |= {use for use, there in (("ssh", facts.uses_ssh), ("composer", facts.uses_composer),
                                            ("ppa", facts.adds_apt_repository), ("keyserver", facts.fetches_keys))
                     if there}
            if any("ssh" in requirements_schemes(model, ctx.context_dir, path) for path, _at in facts.pip_requirement_files):
                uses.add("ssh")  # git+ssh:// URLs in a requirements file of the context
            if any(c.name == "unzip" for c in view.commands()):
                uses.add("unzip")  # zip only recommends it
            for call in calls(view):
                other_ac = apt_call(call)
                if other_ac is None or other_ac.sub != "install":
                    continue
                pkgs = {n for n in (_package(w.value) for w in other_ac.operands) if n}
                if "ca-certificates" in pkgs:
                    ca_installs.append((other, call.cmd.start))
                if not (other.stage is not st and other.stage in model.built_on(st) or other.line > ins.line):
                    installed |= pkgs  # not one of a later RUN: too late for what this RUN and the next need
        ca_missing = _ca_missing(model, tls_uses(model, ctx.context_dir, stages), ca_installs,
                                 ac.call.cmd.start, installed if model.ships(st) else None)
        keep: dict[str, str] = {}
        stretch = gnupg_recommends_dirmngr(model.base_image(model.root(st)))
        # build-essential first: it covers libc6-dev, gcc and make
        for pkg, by in sorted(needed.items(), key=lambda kv: kv[0] != "build-essential"):
            if pkg == "ca-certificates":
                if not ca_missing or pkg in set(names) | earlier:
                    continue
            elif pkg in installed or COVERED_BY.get(pkg, frozenset()) & installed:
                continue
            if pkg in _PIP_BUILD and not (pip or (npm and pkg == "build-essential")):
                continue  # nothing in the stage builds packages from source
            used_for = _USED_FOR.get(pkg, frozenset()) & uses
            if pkg == "gnupg" and "gpg" not in names:
                used_for -= {"keyserver"}  # a keyserver fetch keeps gnupg for the split gpg only (old releases ship gnupg)
            if pkg in _USED_FOR and not used_for:
                continue
            if used_for == {"ppa"} and not _PPA_TOOLS & installed:
                continue  # add-apt-repository comes from another install, which keeps what it needs
            if pkg == "dirmngr" and not stretch:
                continue  # gnupg depends on dirmngr (buster, bionic on) or has no use for it (gnupg 1)
            keep[pkg] = by
            installed.add(pkg)
        if stretch and "gnupg" in keep and "dirmngr" not in installed:
            # gnupg itself recommends dirmngr on stretch (later: a Depends): a PPA's key fetch needs it
            if "dirmngr" in table.needed_by(["gnupg"]):
                keep["dirmngr"] = keep["gnupg"]
                installed.add("dirmngr")
        return keep


# recommended packages kept only when the stage uses them: ssh (git over ssh, keys in ~/.ssh, ssh
# commands), composer (unpacks dist archives with unzip), add-apt-repository (imports a PPA's key with gpg),
# a keyserver fetch (`gpg --recv-keys`, `apt-key adv --keyserver`: gpg starts dirmngr, and fails without it;
# bookworm's gpg only recommends gnupg, which depends on dirmngr; stretch's gnupg only recommends dirmngr),
# xvfb-run (calls xauth: Debian's xvfb only recommends xauth)
_USED_FOR = {"openssh-client": frozenset({"ssh"}), "unzip": frozenset({"composer", "unzip"}),
             "gnupg": frozenset({"ppa", "keyserver"}), "dirmngr": frozenset({"ppa", "keyserver"}),
             "xauth": frozenset({"xvfb-run"})}
_PPA_TOOLS = frozenset({"software-properties-common", "python3-software-properties", "python-software-properties"})


def _ca_missing(model, tls: list[TlsUse], ca_installs: list[tuple[Instruction, int]], at: int,
                shipped: set[str | re.Pattern[str]] | None) -> bool:
    """Whether the install at file offset ``at`` must keep ca-certificates: a use of
    the CA bundle after it comes before any install of ca-certificates in the use's
    stage chain (an install after the download -- later in the RUN, a later RUN --
    does not help it); with no such use, whether the image ships (``shipped``: what
    it installs up to this RUN, else None) without it (a program may use TLS at run time)."""
    after = [use for use in tls if use.at > at]
    if not after:
        return shipped is not None and "ca-certificates" not in shipped
    for use in after:
        chain = model.chain(use.ins.stage)
        if not any(c.stage in chain and c_at < use.at for c, c_at in ca_installs):
            return True
    return False


def _kept_text(keep: dict[str, str]) -> str:
    """``ca-certificates (recommended by curl: why the build needs it), ...``."""
    reasons = recommends_table().reasons
    return ", ".join(f"{k} (recommended by {by}: {reasons.get(k, 'the build needs it')})" for k, by in keep.items())


def _chain(ctx: Context, ins) -> list:
    return ctx.model.chain(ins.stage) if ins.stage is not None else []


def _append_packages(ctx: Context, ac: AptCall, keep: list[str]) -> Edit:
    """Edit that adds ``keep`` after the install's last package: on a line of its
    own each when the list is written one package per line (``\\``
    continuations), else on the last package's line."""
    last = ac.operands[-1]
    if len(ac.operands) > 1:
        sep = ctx.doc.text[ac.operands[-2].end:last.start]
        if "\n" in sep and "#" not in sep and not sep.strip(" \t\n\\`"):
            return Edit.insert(last.end, "".join(sep + k for k in keep))
        line_start = ctx.doc.text.rfind("\n", 0, last.start) + 1
        indent = ctx.doc.text[line_start:last.start]
        cont = sep[:sep.index("\n")].strip() if "\n" in sep else ""
        if "\n" in sep and not indent.strip() and cont in ("\\", "`"):
            # comment lines between the packages: a new line in the last package's indentation
            return Edit.insert(last.end, "".join(f" {cont}\n{indent}{k}" for k in keep))
    return insert_after(last, " ".join(keep))


_PIP_BUILD = {"python3-dev", "build-essential", "python3-setuptools", "python3-wheel",
              "python-dev", "python-setuptools", "python-wheel"}


_VAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")


def _packages(model, ins, assigned: dict[str, str | None], ac: AptCall) -> list[str | re.Pattern[str]] | None:
    """The package names of an install: literal, or from a variable that the
    script assigns a literal list (``buildDeps='gcc make'``) or an ENV/ARG of
    the file fixes (ARG defaults: the default build). A name that keeps a
    variable of unknown value inside literal text (``php${PHP_VERSION}-gmp``)
    is a pattern of the names it can be; None: unknown (a whole word of
    unknown value may be any list of packages)."""
    scope = None
    out: list[str | re.Pattern[str]] = []
    for w in ac.operands:
        if w.value is not None:
            out.append(_package(w.value) or "")
            continue
        raw = w.text.replace('"', "").replace("'", "")
        name = raw.split("=", 1)[0] if "=" in raw else raw  # `pkg="$VERSION"`: the name is what counts
        if "$" not in name:
            out.append(_package(name) or "")
            continue
        values: list[str | None] = []
        for var in _VAR.findall(name):
            value = assigned[var] if var in assigned else None
            if value is None:
                scope = scope if scope is not None else model.scope_at(ins)
                value = scope.get(var)
            values.append(None if value is None or "$" in value else value)
        it = iter(values)
        expanded = _VAR.sub(lambda _m: v if (v := next(it)) is not None else "\0", name)
        if "$" in expanded:
            return None  # `$(cat list)`, `$1`: not a variable that has a value here
        if "\0" in expanded:
            pattern = _name_pattern(expanded)
            if pattern is None:
                return None
            out.append(pattern)
            continue
        out += [_package(v) or "" for v in expanded.split() if not v.startswith("-")]
    return out


def _name_pattern(name: str) -> re.Pattern[str] | None:
    """The package names ``name`` (a word with ``\\0`` where a variable of
    unknown value stands) can be, or None when it can be any list of packages:
    the literal part must hold a letter and the word no blank (a value with a
    space would be several packages, one of them anything)."""
    literal = name.replace("\0", "")
    if not re.search(r"[a-z]", literal) or any(ch.isspace() for ch in literal):
        return None
    head = _package(name) or name  # `pkg=${VERSION}`: the version does not matter
    if "\0" not in head:
        return re.compile(re.escape(head))
    return re.compile("[a-z0-9+.-]*".join(re.escape(p) for p in head.split("\0")))


def _package(value: str | None) -> str | None:
    """The package name of an install operand (``curl=7.*`` -> curl, ``gcc:amd64`` -> gcc); None: a variable."""
    if value is None:
        return None
    return re.split(r"[=:]", value, maxsplit=1)[0]
