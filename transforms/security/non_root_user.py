"""Run the final stage as a non-root user (DL3002, Trivy DS002, CIS-DI-0001).

The transform reads detect -> refuse -> plan -> render:
- detect: the final stage runs as root (``Roles.running_user``, dockfix.semantic.roles);
- refuse: ``_REFUSALS``, small named predicates in order, each giving a reason; the
  privilege facts they read (the entrypoint drops privileges, the command needs
  root, a port below 1024...) are the role facts of the image;
- plan: which account (an earlier USER, one the file creates, the one the base
  image ships, or a new ``app``) and what to create and chown;
- render: the RUN/USER block after the last instruction that needs root.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockfix.fixing.edit import UNSAFE, Edit, Fix
from dockfix.fixing.registry import Option, Transform
from dockfix.semantic import images as im
from dockfix.semantic import roles as R
from dockfix.semantic.roles import (
    SHIPPED_UIDS,
    Evidence,
    Roles,
    created_accounts,
    role_of,
    uid_of,
)
from dockfix.syntax.text import keyword_case

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.fixing.context import Context
    from dockfix.fixing.edit import Finding
    from dockfix.syntax.cst import Dockerfile, Instruction, Stage

__all__ = ["DEFAULT_UID", "NonRootUser", "created_accounts", "uid_of"]

DEFAULT_UID = 10001
_MAX_ID = 2**31 - 1


def _option_id(options: dict, key: str, default: object) -> tuple[int | None, str | None]:
    """A numeric id from ``--option key=N``: (value, None) or (None, why it is not usable)."""
    v = options.get(key, default)
    s = str(v).strip()
    if isinstance(v, bool) or not s.isdigit() or not 0 < int(s) <= _MAX_ID:
        return None, f"option {key}={v!r} is not a user/group id (a number from 1 to {_MAX_ID})"
    return int(s), None


# -- detect ---------------------------------------------------------------------

@dataclass
class _Subject:
    """The final stage that runs as root, and what the finding says about it."""

    doc: Dockerfile
    stage: Stage
    roles: Roles
    user_val: str | None
    user_ins: Instruction | None

    @property
    def chain(self) -> list[Stage]:
        return self.roles.chain

    @property
    def image(self) -> str | None:
        return self.roles.image

    @property
    def own_user(self) -> bool:
        """The USER root is in the final stage itself (not in a stage it is built on)."""
        return self.user_ins is not None and self.user_ins.stage is self.stage

    @property
    def where(self) -> Instruction:
        return self.user_ins if self.own_user and self.user_ins is not None else self.stage.from_

    @property
    def message(self) -> str:
        if self.own_user:
            return f"the final stage switches back to root with USER {self.user_val}"
        return "the final stage runs as root (no USER)"


def _detect(ctx: Context) -> _Subject | None:
    """The final stage, when it runs as root (no USER, or USER root/0, and a base image not known to run
    as non-root)."""
    doc = ctx.doc
    if not doc.stages or not doc.stages[-1].image:
        return None
    roles = role_of(ctx.model, ctx.context_dir)
    running = roles.running_user
    if running.nonroot:
        return None  # runs as a non-root user already (or one set by a variable)
    return _Subject(doc, doc.stages[-1], roles, running.value, running.instruction)


# -- refuse -----------------------------------------------------------------------

def _windows(s: _Subject) -> str | None:
    if s.doc.is_windows or im.family_of_image(s.image) == im.WINDOWS:
        return "Windows image: users work differently there (ContainerUser)"
    return None


def _user_set_by_parent_stage(s: _Subject) -> str | None:
    if s.user_ins is not None and not s.own_user:
        st = s.user_ins.stage
        name = (st.name or st.index) if st is not None else "?"
        return f"the final stage is built on stage '{name}', which sets USER {s.user_val}; change it there"
    return None


def _parent_stage_sets_user(s: _Subject) -> str | None:
    if len(s.chain) > 1 and any(i.cmd == "USER" for st in s.chain[1:] for i in st.instructions):
        return "the final stage is built on another stage that already sets a user"
    return None


def _onbuild(s: _Subject) -> str | None:
    if s.roles.onbuild:
        return "the image has ONBUILD triggers: images built on it would run them as the new user"
    return None


def _reason(ev: Evidence | None) -> str | None:
    return ev.reason if ev is not None else None


def _start_drops_privileges(s: _Subject) -> str | None:
    return _reason(s.roles.start_drops_privileges)


def _installs_privilege_dropper(s: _Subject) -> str | None:
    return _reason(s.roles.installs_privilege_dropper)


def _base_drops_privileges(s: _Subject) -> str | None:
    return _reason(s.roles.base_drops_privileges)


def _base_runs_root_daemon(s: _Subject) -> str | None:
    return _reason(s.roles.base_runs_root_daemon)


def _script_drops_privileges(s: _Subject) -> str | None:
    return _reason(s.roles.script_drops_privileges)


def _script_needs_root(s: _Subject) -> str | None:
    return _reason(s.roles.script_needs_root)


def _start_needs_root(s: _Subject) -> str | None:
    return _reason(s.roles.start_needs_root)


def _start_file_owner_only(s: _Subject) -> str | None:
    return _reason(s.roles.start_file_owner_only)


def _deliberate_root(s: _Subject) -> str | None:
    ev = s.roles.deliberate_root
    return f"line {ev.line}: {ev.reason}; respect it (or remove it and add USER by hand)" if ev else None


def _start_file_from_url(s: _Subject) -> str | None:
    ev = s.roles.start_file_from_url
    if ev is None:
        return None
    return f"line {ev.line}: {ev.reason}; make it readable first (ADD --chmod=755, or RUN chmod 755)"


def _unknown_start_script(s: _Subject) -> str | None:
    ev = s.roles.unknown_start_script
    if ev is None:
        return None
    return (f"{ev.reason} (it may start sshd, mount, chown or write root-owned paths); run dockfix with its "
            "build context (--context), or add USER by hand")


def _start_modifies_files(s: _Subject) -> str | None:
    ev = s.roles.start_modifies_files
    if ev is None:
        return None
    return f"line {ev.line}: {ev.reason}; as another user it fails: do that in the build, or chown those files"


def _cloud_build_step(s: _Subject) -> str | None:
    ev = s.roles.cloud_build_step
    return f"{_where(ev)}: {ev.reason}; a non-root user cannot write them" if ev else None


def _start_dir_unpopulated(s: _Subject) -> str | None:
    ev = s.roles.start_dir_unpopulated
    if ev is None:
        return None
    return (f"line {ev.line}: {ev.reason}, owned by the host's user, which uid 10001 cannot write; run it "
            "with --user \"$(id -u):$(id -g)\" instead")


def _start_file_mounted(s: _Subject) -> str | None:
    ev = s.roles.start_file_mounted
    if ev is None:
        return None
    return (f"line {ev.line}: {ev.reason}, which uid 10001 cannot write; run it with --user \"$(id -u):$(id -g)\" "
            "instead")


def _workdir_trees(s: _Subject) -> str | None:
    trees = s.roles.workdir_trees
    if not trees:
        return None
    path, ev = trees[0]
    return (f"line {ev.line}: {ev.reason}; the program may rewrite its files there (configuration, data), and "
            f"which is unknown. A later `chown -R` would copy the whole tree into a new layer: chown it in that "
            f"RUN (`&& chown -R UID:GID {path}`), then add USER")


def _bind_mounted_writes(s: _Subject) -> str | None:
    """Users bind-mount a host directory where the program writes (a usage comment, a compose
    file, a README, Makefile or script beside the Dockerfile): the chown reaches named volumes
    only, and the host directory keeps its owner."""
    ev = s.roles.bind_mounted_writes
    if ev is None:
        return None
    return (f"{_where(ev)}: {ev.reason}; a host directory keeps its owner on the host, which "
            "the new user cannot write (a chown in the image reaches named volumes only): run it with "
            "--user \"$(id -u):$(id -g)\", mount a named volume there, or add USER by hand")


def _start_writes_root_owned(s: _Subject) -> str | None:
    ev = s.roles.start_writes_root_owned
    return f"line {ev.line}: {ev.reason}; give that directory to the user first" if ev else None


def _intended_owner(s: _Subject) -> str | None:
    ev = s.roles.intended_owner
    if ev is None or s.roles.created_accounts:
        return None  # (an account the file creates is the one to use: the plan finds it)
    owner = ev.reason.split(" gives files to ", 1)[-1].split(":  ", 1)[0].rsplit(": the program", 1)[0]
    shipped = s.roles.shipped_account
    if shipped is not None and shipped.uid is not None and str(shipped.uid) == owner.split(":")[0]:
        return None  # the base image's account: the plan uses it
    return f"line {ev.line}: {ev.reason}; add USER {owner} yourself (its account and home are the base image's)"


def _copied_database(s: _Subject) -> str | None:
    ev = s.roles.copied_database
    if ev is None:
        return None
    return f"{_where(ev)}: {ev.reason}: copy it with COPY --chown=UID:GID (no extra layer), then add USER"


def _low_port(s: _Subject) -> str | None:
    return _reason(s.roles.low_port_without_capability)


def _stateful_server(s: _Subject) -> str | None:
    ev = s.roles.stateful_server
    if ev is None or s.roles.package_accounts or s.roles.volumes:
        return None  # the package's account owns its data; declared VOLUMEs are given to the user
    return f"{ev.reason}; add USER once its data directory belongs to that user (or declare it as a VOLUME)"


def _build_initialised_program(s: _Subject) -> str | None:
    ev = s.roles.build_initialised_program
    if ev is None:
        return None
    return (f"line {ev.line}: {ev.reason}; the new user could not write it or would start without it: "
            "run that step as the user (USER before it), then add USER")


def _group_zero(s: _Subject) -> str | None:
    ev = s.roles.group_zero_permissions
    if ev is None:
        return None
    return (f"{_where(ev)}: {ev.reason}: the program expects group 0, which a new account's own group is not; "
            "add USER <uid>:0 by hand")


def _workdir_in_root(s: _Subject) -> str | None:
    """The program's directory is under /root, which is mode 0700: no other user can enter it."""
    wd = s.roles.workdir
    if wd and (wd.rstrip("/") == "/root" or wd.startswith("/root/")):
        return (f"the WORKDIR {wd} is under /root (mode 0700): a non-root user cannot even enter it; "
                "move the program out of /root first")
    return None


def _root_home(s: _Subject) -> str | None:
    ev = s.roles.root_home_use
    if ev is None:
        return None
    return (f"line {ev.line}: {ev.reason}; the new user would run without it (carry it with ENV or "
            "install outside /root first)")


# what a USER breaks for each role that refuses it
_ROLE_CONSEQUENCE = {
    R.BASE: "images built FROM it run their RUNs (apt-get, pip...) as this user and fail; add USER in the "
            "images that run a program",
    R.BUILD_ENV: "builds in it install packages and write root-owned paths; run it with --user if you want",
    R.PRIVILEGED: "its program needs root, capabilities or host devices, which a non-root user does not have",
    R.TOOL: "such tools are run with the user's directory mounted, which uid 10001 cannot write; run it with "
            "--user \"$(id -u):$(id -g)\" instead (nothing in the file shows a service: no EXPOSE, no server)",
}


def _where(ev: Evidence) -> str:
    return f"line {ev.line}" if ev.line else ev.text


def _role(s: _Subject) -> str | None:
    """The image's role (dockfix.semantic.roles) is one that must keep root: a base image, a build
    environment, a privileged tool, a command-line tool."""
    role = s.roles.role
    why = _ROLE_CONSEQUENCE.get(role)
    if why is None:
        return None
    ev = s.roles.evidence[0]
    return f"the image is a {role} ({_where(ev)}: {ev.reason}): {why}"


# in order: the first that answers is the reason given
_REFUSALS: tuple[Callable[[_Subject], str | None], ...] = (
    _windows, _user_set_by_parent_stage, _parent_stage_sets_user, _onbuild, _deliberate_root,
    _start_drops_privileges, _installs_privilege_dropper, _base_drops_privileges, _base_runs_root_daemon,
    _script_drops_privileges, _script_needs_root, _start_needs_root, _start_file_owner_only,
    _start_file_from_url, _low_port, _cloud_build_step, _role, _bind_mounted_writes, _start_dir_unpopulated,
    _start_file_mounted, _unknown_start_script, _start_modifies_files, _workdir_in_root, _root_home,
    _build_initialised_program, _group_zero, _workdir_trees, _copied_database, _start_writes_root_owned,
    _intended_owner, _stateful_server,
)


# -- plan ---------------------------------------------------------------------------

@dataclass
class _Plan:
    user: str  # the USER value to write
    create_cmd: str | None = None  # the command that creates the account
    chown_target: tuple[str, str] | None = None  # owner:group for the WORKDIR and VOLUMEs


def _created_user(roles: Roles) -> tuple[str, int | None] | None:
    """(name, uid or None) of the last account made by useradd/adduser in the stage chain."""
    accounts = [(a.name, a.uid) for a in roles.created_accounts if a.name not in ("root", "dockremap")]
    return accounts[-1] if accounts else None


def _plan_known_account(ctx: Context, s: _Subject, fam: str) -> _Plan | str | None:
    """Use an account the image has: an earlier USER, one the file creates, the one the base
    image ships.  None when there is none."""
    roles = s.roles
    earlier = roles.earlier_nonroot_user
    if earlier:
        # by its uid when the file made the account with a fixed one (hadolint DL3066)
        uid = next((a.uid for a in reversed(roles.created_accounts) if a.name == earlier), None)
        return _Plan(str(uid) if uid else earlier)
    created = _created_user(roles)
    if created:
        name, cuid = created
        if cuid == 0:
            return f"the account the file creates ({name}) has uid 0, which is root"
        if cuid is None and not ctx.option(NonRootUser, "user-by-name"):
            return (f"the account the file creates ({name}) gets its uid when the image is built: "
                    f"USER {name} would be a name (hadolint DL3066; Kubernetes runAsNonRoot cannot check "
                    f"it). Give it a fixed uid (useradd -u N) or use --option user-by-name=true")
        return _Plan(str(cuid) if cuid is not None else name)
    if roles.makes_accounts is not None:
        return ("the file creates users or groups itself (useradd/adduser/groupadd) in a way this "
                "fix cannot read; add USER for that account by hand")
    if roles.package_accounts:
        acc = roles.package_accounts[-1]
        if not roles.runs_package(acc):
            return (f"line {acc.evidence.line}: {acc.evidence.reason}, but the start command does not run "
                    f"{acc.package}: whether the program needs that account or another is unknown; add USER by hand")
        return _plan_package_account(ctx, acc)
    shipped = roles.shipped_account
    if shipped is not None:
        ids = SHIPPED_UIDS.get(shipped.name)
        chown = None
        if fam in im.SHELL_FAMILIES:
            chown = (str(ids[0]), str(ids[1])) if ids else (shipped.name, shipped.group or "")
        return _Plan(str(ids[0]) if ids else shipped.name, chown_target=chown)
    return None


def _plan_package_account(ctx: Context, acc: R.Account) -> _Plan | str:
    """The account an installed package creates (www-data, redis...): the program's files
    belong to it, so it is the one to run as, never a new uid beside it."""
    if acc.uid is not None:
        return _Plan(f"{acc.uid}:{acc.uid}", chown_target=(str(acc.uid), str(acc.uid)))
    if not ctx.option(NonRootUser, "user-by-name"):
        return (f"line {acc.evidence.line}: {acc.evidence.reason}, whose uid the package chooses at build time: "
                f"USER {acc.name} would be a name (hadolint DL3066; Kubernetes runAsNonRoot cannot check it). "
                "Use --option user-by-name=true, or add USER by hand")
    return _Plan(acc.name, chown_target=(acc.name, ""))


def _plan_new_account(ctx: Context, s: _Subject, fam: str) -> _Plan | str:
    """Create the account ``app`` with the family's own tool (or a numeric USER where no passwd is needed)."""
    if fam == im.SCRATCH:
        return _Plan("65532:65532")
    if fam == im.DISTROLESS:
        return _Plan("65532")  # distroless' nonroot
    if fam not in (im.DEBIAN, im.UBUNTU, im.RHEL, im.RHEL_MINIMAL, im.AMAZON, im.ALPINE, im.BUSYBOX):
        what = "unknown" if fam == im.UNKNOWN else fam
        return f"base image family is {what} ({s.image or s.stage.image}); cannot tell how to create a user"
    if fam in (im.RHEL_MINIMAL, im.AMAZON) and s.roles.installs_shadow_utils is None:
        what = "ubi-minimal/microdnf" if fam == im.RHEL_MINIMAL else "Amazon Linux"
        return (f"{what} images may have no useradd: installing shadow-utils for it would add an "
                "unpinned package (hadolint DL3041/DL3033); install it and create the account "
                "yourself, or add a numeric USER")
    service = s.roles.base_service_account
    if service is not None:
        return (f"{service.text}: {service.reason}; run as that account (USER with its uid) rather than a second "
                "one beside it, or add USER by hand")
    unknown = s.roles.unknown_base_accounts
    if unknown is not None:
        return (f"{unknown.text}: {unknown.reason}; a new account beside its own would split the ownership of "
                "its files: add USER for its account by hand")
    uid, why = _option_id(ctx.options, "user-uid", DEFAULT_UID)
    gid, why2 = _option_id(ctx.options, "user-gid", uid if uid is not None else DEFAULT_UID)
    if why or why2:
        return why or why2 or ""
    if fam in (im.ALPINE, im.BUSYBOX):
        create = f"addgroup -S -g {gid} app && adduser -S -u {uid} -G app app"
    else:
        # -m: a home that exists and is writable ($HOME: git config --global, caches)
        create = f"groupadd -r -g {gid} app && useradd --no-log-init -r -m -u {uid} -g app app"
    return _Plan(f"{uid}:{gid}", create, (str(uid), str(gid)))


def _plan(ctx: Context, s: _Subject) -> _Plan | str:
    """The account to use (a _Plan) or why there is none (a str).  USER is written numerically
    (hadolint DL3066: a name may not resolve on the host, and Kubernetes' runAsNonRoot can only
    check a number)."""
    fam = ctx.model.family(s.stage)
    known = _plan_known_account(ctx, s, fam)
    return known if known is not None else _plan_new_account(ctx, s, fam)


# -- render -------------------------------------------------------------------------

def _anchor(s: _Subject) -> Instruction:
    """The last instruction of the final stage that needs root (the block goes after it)."""
    anchor = s.stage.from_
    for ins in s.stage.instructions:
        if ins.cmd in ("RUN", "COPY", "ADD", "WORKDIR", "USER", "SHELL", "ONBUILD", "FROM"):
            anchor = ins
    return anchor


def _early_volumes(s: _Subject, plan: _Plan, anchor: Instruction) -> list[tuple[str, Instruction]]:
    """The final stage's VOLUMEs declared before the block, when the owner is numeric: their
    ownership must be set before the VOLUME (the classic builder discards later changes there)."""
    owner = plan.chown_target
    if owner is None or not all(x.isdigit() for x in owner):
        return []
    return [(p, ins) for p, ins in s.roles._volume_facts
            if ins.stage is s.stage and ins.start < anchor.start]


# directories of the system, not the program's: a WORKDIR there is not given to the user
_SYSTEM_DIRS = {"/", "/run", "/var/run", "/var", "/var/lib", "/etc", "/usr", "/usr/local", "/usr/bin", "/usr/local/bin",
                "/bin", "/sbin", "/lib", "/tmp", "/home", "/root"}


def _covers(outer: str, path: str) -> bool:
    return path == outer or path.startswith(outer.rstrip("/") + "/")


def _chowns(s: _Subject, owner: str, early: set[str]) -> list[str]:
    """chown commands: the WORKDIR, build-time state (recursive), the VOLUMEs not set earlier."""
    workdir = s.roles.workdir
    state = list(s.roles.build_state_paths)
    cmds = []
    if workdir and workdir in early:
        pass  # owned before its VOLUME
    elif workdir and workdir not in _SYSTEM_DIRS:
        if workdir in state:  # a database or the like the build made in it: what is inside too
            cmds.append(f"chown -R {owner} {workdir}")
            state = [p for p in state if not p.startswith(workdir.rstrip("/") + "/")]
        else:
            cmds.append(f"chown {owner} {workdir}")
    elif workdir is None and s.roles.workdir_instruction is not None:
        # the file sets a WORKDIR whose path a build argument decides: the RUN below
        # runs in it, so `.` names it whatever the argument is
        cmds.append(f"chown {owner} .")
    state = [p for p in state if p != workdir and not any(_covers(v, p) for v in early)]
    made = [w.path for w in s.roles.app_state_dirs if workdir not in s.roles.build_state_paths]
    if made:  # the framework's run-time directories (Rails tmp/, log/): made when missing
        cmds.append(f"mkdir -p {' '.join(made)} && chown -R {owner} {' '.join(made)}")
        state = [p for p in state if p not in made and not any(p.startswith(m + "/") for m in made)]
    state = [p for p in state if not any(q != p and _covers(q, p) for q in state)]  # (data covers data/count)
    if state:
        cmds.append(f"chown -R {owner} {' '.join(state)}")
    vols = [v for v in s.roles.volumes if v != workdir and v not in early and v not in state]
    if vols:
        # declared volumes are where the app keeps its data: it must be able to write there
        cmds.append(f"mkdir -p {' '.join(vols)} && chown {owner} {' '.join(vols)}")
    return cmds


def _mkdir_run_before(s: _Subject, ins: Instruction, paths: list[str]) -> Instruction | None:
    """The RUN right before ``ins`` when it only runs ``mkdir`` and makes every one of ``paths``."""
    i = s.stage.instructions.index(ins)
    prev = s.stage.instructions[i - 1] if i > 0 else None
    if prev is None or prev.cmd != "RUN" or prev.json or prev.heredocs or prev.flags:
        return None
    view = s.roles.model.shell_view(prev)
    cmds = view.commands() if view is not None else []
    if not cmds or any(c.name != "mkdir" for c in cmds):
        return None
    made = {v.rstrip("/") for c in cmds for v in c.arg_values() if v and not v.startswith("-")}
    return prev if all(p.rstrip("/") in made for p in paths) else None


def _block(s: _Subject, plan: _Plan, early: set[str], anchor: Instruction) -> str:
    """The RUN (create the account, chown WORKDIR, build-time state and VOLUMEs) and USER lines."""
    kw = s.stage.from_
    shell_cmds = [plan.create_cmd] if plan.create_cmd else []
    if plan.chown_target:
        owner = plan.chown_target[0] + ":" + plan.chown_target[1]
        shell_cmds += _chowns(s, owner, early)
    # its own small RUN (merge-run keeps a RUN that only sets up an account apart from the RUN before)
    lines = [f"{keyword_case('RUN', kw)} " + " && ".join(shell_cmds)] if shell_cmds else []
    lines.append(f"{keyword_case('USER', kw)} {plan.user}")
    return s.doc.newline.join(lines)


def _runs_c_scripts(shell: list[str]) -> bool:
    """A SHELL such as ``["/bin/bash", "-o", "pipefail", "-c"]``: a POSIX shell that runs the RUN's
    text as a script."""
    return len(shell) >= 2 and re.fullmatch(r"-[a-z]*c", shell[-1]) is not None and \
        os.path.basename(shell[0]) in ("sh", "bash", "ash", "dash", "zsh", "ksh", "mksh")


def _render(s: _Subject, plan: _Plan) -> list[Edit] | str:
    """The edits that put the block after the last instruction that needs root (replacing a
    USER root there), and own the VOLUMEs declared before it ahead of them; or why the block
    cannot be placed."""
    doc, user_ins = s.doc, s.user_ins
    anchor = _anchor(s)
    at = anchor.end if anchor is not user_ins else anchor.start
    heredoc = next((i for i in doc.instructions if i.heredocs and i.start < at), None)
    if heredoc is not None:
        return (f"line {heredoc.line} uses a heredoc: hadolint cannot parse any instruction after one, "
                "so an added USER would make the file unreadable for hadolint")
    nl = doc.newline
    early = _early_volumes(s, plan, anchor)
    edits = []
    if early and plan.chown_target:
        owner = plan.chown_target[0] + ":" + plan.chown_target[1]
        paths = " ".join(p for p, _ in early)
        # build-time state in a volume: what is inside too
        deep = any(_covers(v, w) for v, _ in early for w in s.roles.build_state_paths)
        first = min((ins for _, ins in early), key=lambda i: i.start)
        chown = f"chown {'-R ' if deep else ''}{owner} {paths}"
        prev = _mkdir_run_before(s, first, [p for p, _ in early])
        if prev is not None:  # `RUN mkdir -p /data` right before: own them there, not in a second mkdir
            edits.append(Edit.insert(prev.args_end, f" && {chown}"))
        else:
            edits.append(Edit.insert(first.start, f"{keyword_case('RUN', first)} mkdir -p {paths} && {chown}{nl}"))
    block = _block(s, plan, {p for p, _ in early}, anchor)
    shell = list(anchor.json_values) if anchor.cmd == "SHELL" and anchor.json_values else s.roles.model.shell_of(anchor)
    if (edits or "\n" in block) and not _runs_c_scripts(shell):
        return (f"the SHELL in force ({json.dumps(shell)}) does not run `-c` scripts: an added RUN would be passed "
                "to it as a file name and fail; create the account by hand")
    if anchor is user_ins:
        tail = nl if doc.text[anchor.start:anchor.end].endswith("\n") else ""
        return [*edits, Edit(anchor.start, anchor.end, block + tail)]
    at = anchor.end
    if doc.text[:at].rstrip(" \t\r\n").endswith(doc.escape) and not doc.text[at:].strip():
        return "the file ends inside a line continuation"
    if doc.text[at - 1:at] == "\n":
        return [*edits, Edit.insert(at, block + nl)]
    # last line without a newline: it may grow one
    return [*edits, Edit(at - 1, at, doc.text[at - 1] + nl + block)]


# -- the transform ----------------------------------------------------------------

class NonRootUser(Transform):
    name = "non-root-user"
    options = (Option("user-uid", int, DEFAULT_UID, "uid of the app account it creates"),
               Option("user-gid", int, None, "gid of the app account it creates (default: the uid)"),
               Option("user-by-name", bool, False, "allow USER <name> for an account created without a fixed uid"))
    code = "DF310"
    summary = "Run the final stage as a non-root user"
    hadolint = ("DL3002",)
    buildkit = ()
    applicability = UNSAFE
    max_applicability = UNSAFE
    links = (
        "https://docs.docker.com/build/building/best-practices/#user",
        "https://github.com/hadolint/hadolint/wiki/DL3002",
        "https://avd.aquasec.com/misconfig/docker/general/avd-ds-0002/",
    )
    explanation = """
What: when the final stage has no USER, or its last USER is root/0, add a
`USER` for an unprivileged account after the last instruction that needs
root (RUN, COPY, ADD, WORKDIR) and before CMD/ENTRYPOINT/EXPOSE & co.
USER is written as a number wherever the number is known (hadolint DL3066:
a name may not resolve on the host, and Kubernetes' `runAsNonRoot` can only
verify a numeric user). The account is the one the base image ships
(`node` 1000 in node images, `nonroot` 65532 in distroless, `app` 1654 in
.NET 8+, `bun` 1000, `deno` 1993), one the file already created with
useradd/adduser (its `-u`/`--uid` when it is a literal number; without
one the uid is only known at build time, so the fix is refused unless
`--option user-by-name=true` allows `USER <name>`), an earlier USER of the stage, or a new system account `app` with a
fixed uid and gid (10001, options `user-uid` and `user-gid`) made with the
family's own tool:
  Debian/Ubuntu, RHEL/UBI/Fedora/CentOS
        groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app
        USER 10001:10001
  Alpine/BusyBox
        addgroup -S -g 10001 app && adduser -S -u 10001 -G app app
        USER 10001:10001
  scratch         USER 65532:65532 (numeric, no passwd lookup needed)
The family comes from the image name, from package-manager commands in the
file, or from the stage the final stage is built on. The new account gets
a home (`-m`: `git config --global`, caches). The WORKDIR (where
applications usually write at run time) and the declared VOLUMEs are given
to the same uid:gid with a non-recursive `chown` in the same RUN; state
the build made as root and the program writes (a database a RUN created
in the WORKDIR, `mkdir -p logs /var/lib/app`, a Rails app's tmp/ and log/)
is given recursively; a VOLUME declared before the block gets its
ownership in a RUN before it (later changes there are discarded). Copied
files stay root-owned and read-only for the app. An account an installed
package creates (www-data 33 for nginx/apache/php-fpm on Debian, redis,
postgres...) is used instead of a new one (by name only with
`--option user-by-name=true`). The RUN is its own, after the last root
step; merge-run keeps a RUN that only sets up an account apart, so it is
not folded into that (expensive) RUN.

Why: a process that runs as root in a container is root on the host's
kernel; a container escape or a writable host mount becomes a host
compromise. hadolint DL3002, Trivy DS002 and CIS Docker Benchmark 4.1 ask
for a non-root USER.

Example:
    FROM python:3.12-slim
    RUN pip install flask
    COPY app.py /app/
    CMD ["python", "/app/app.py"]
becomes
    ...
    COPY app.py /app/
    RUN groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app
    USER 10001:10001
    CMD ["python", "/app/app.py"]

Fix safety: unsafe. The process no longer runs as root: files it writes
outside its WORKDIR and home, ports below 1024 and root-only tools stop
working. A base image that already has uid or gid 10001 makes useradd fail:
choose free ids with `--option user-uid=N --option user-gid=N`. No finding
when the image already runs as non-root (a non-root USER, distroless
nonroot, .NET chiseled, the USER of a base image built by a sibling
Dockerfile, a base image whose user runs sudo). Refused when users
bind-mount a host directory (writable, without `--user`) where the program
writes (the WORKDIR, a VOLUME, state the model knows, a mount named data,
uploads, logs, media, db...): the host directory keeps its host owner,
which the new user cannot write (the chown reaches named volumes only).
The evidence, named with its file and line, is a usage comment
(`# docker run -v "$PWD":/data`) or a file beside the Dockerfile (its
folder and the build context): a compose service built from it, the
`docker run` lines of a README, *.md, Makefile or *.sh. Refused when the
image's role (dockfix.semantic.roles) must keep root: a base image (no
CMD/ENTRYPOINT, a "base image" comment, a generated official-image file, a
sibling Dockerfile built FROM it, a language prompt as CMD), a build or dev
environment (a shell is all it starts), a privileged tool (VPN, NFS,
tcpdump/iptables, eBPF, mount, docker.sock, --privileged/--cap-add/--device
in comments or LABELs, read from the entrypoint script too), a command-line
tool run with the user's directory mounted; when it puts settings in root's
home (ENV into /root, ~/.bashrc, pip --user), when a server keeps its data
where its installation put it (couchdb, kafka... without a VOLUME), when the
program switches user by its own option (-u nobody), and when the entrypoint drops
privileges itself (gosu, su-exec, setpriv, chroot --userspec, s6,
supervisord, runuser, or a base image such as postgres/redis whose
entrypoint does), when EXPOSE has a port below 1024 and no `setcap
cap_net_bind_service`, when the command is a daemon that needs root (sshd,
cron, nginx, ...) or runs a root-only tool first (chown, sysctl, apt-get),
when it uses a file under /root (0700) or a script a RUN made owner-only
(chmod 750/700/111), for images with ONBUILD triggers (a base for other
builds), for Windows images, when the final stage is built on
another stage that sets USER, when the image family is unknown so an
account cannot be created, on ubi-minimal and Amazon Linux images that do
not install shadow-utils themselves (no useradd; installing it here would
add an unpinned package, hadolint DL3041/DL3033), and when a heredoc comes
before the new USER (hadolint 2.x cannot parse any instruction after a
heredoc, so the file would become unreadable for it).
Also refused, for want of evidence that the program runs as another user:
EXPOSE with no CMD/ENTRYPOINT (a base image); an ENTRYPOINT program and
nothing that shows a service (a tool); a start command that builds (make,
rpmbuild, mvn: a build environment) or works in a directory nothing in the
file fills (a bind mount); a start script whose text is not at hand (copied
from a context dockfix was not given, from another stage or a URL, or
shipped by a third-party image) unless the CMD after it is a plain server;
an entrypoint script that starts sshd, cron or dockerd; docker CLI images
(docker.sock); Cloud Build steps (/workspace, /builder/home); an explicit
USER root after the last build step; a file fetched by `ADD <url>` (mode
0600) that the command runs or reads and no chmod opens to other users; a
start command that changes files the build made (rm, mv, sed -i, chmod,
migrations, collectstatic, a Play app's RUNNING_PID); an archive extracted
into (or making) the WORKDIR (a later `chown -R` would copy the tree into a
new layer: chown it in the RUN that extracts it); a copied database
(COPY --chown), or a Django app copied from a context not at hand; files a
RUN puts in root's home; a RUN that gives files to a numeric owner (that is
the intended USER); a package's account when the command is not that
package's program; a third-party base image (its own accounts are not
known: no second account beside them). Files a RUN writes into the WORKDIR
(redirections, wget -O, curl -o) and directories a RUN makes that ENV or the
command point the program at are given to the user recursively.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        s = _detect(ctx)
        if s is None:
            return
        reason = next((r for r in (p(s) for p in _REFUSALS) if r), None)
        plan = _plan(ctx, s) if reason is None else reason
        edit = _render(s, plan) if isinstance(plan, _Plan) else plan
        if isinstance(edit, str):
            yield ctx.finding(self, s.where, s.message, refused=edit)
            return
        assert isinstance(plan, _Plan)
        how = "create and switch to" if plan.create_cmd else "switch to"
        message = f"{how} user {plan.user}"
        if s.roles.volumes:
            # said, not hidden: a chown reaches named volumes; a host directory mounted there keeps its owner
            message += (f"; a host directory bind-mounted on {', '.join(sorted(s.roles.volumes)[:3])} must be "
                        f"writable by {plan.user} (the chown reaches named volumes only)")
        fix = Fix.unsafe(*edit, message=message)
        yield ctx.finding(self, s.where, f"{s.message}; {how} '{plan.user}'", fix=fix)
