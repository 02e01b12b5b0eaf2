"""Run the final stage as a non-root user (DL3002, Trivy DS002, CIS-DI-0001)."""

from __future__ import annotations

import os
import re

from dockfix.fixing.edit import UNSAFE, Edit, Fix
from dockfix.fixing.registry import Option, Transform
from dockfix.syntax.text import keyword_case

from dockfix.semantic import images as im
from dockfix.semantic.model import model_of

_DROPS = re.compile(
    r"(?<![\w-])(gosu|su-exec|setpriv|runuser|s6-setuidgid|s6-applyuidgid|s6-overlay|s6-svscan|supervisord|chpst|"
    r"setuidgid|start-stop-daemon)(?![\w-])|chroot\s+--userspec|(?<![\w-])su\s+(-[lcs]\b|-\s|\w+\s+-c)|"
    r"(?<![\w-])sudo\s+-u(?![\w-])"
)
_INIT_ENTRY = re.compile(r'^\s*\[?\s*"?/init"?\s*\]?\s*$')
_NEEDS_ROOT = re.compile(
    r"(?<![\w-])(sshd|cron|crond|systemd|/sbin/init|dockerd|dockerd-entrypoint(?:\.sh)?|dind|service\s+\S+\s+start|rsyslogd|postfix|dovecot|"
    r"nginx|apache2ctl|apache2|httpd|slapd|vsftpd|named|tcpdump|iptables|"
    # root-only commands a start command runs before the app (chown -R app /data && exec app)
    r"chown|chgrp|sysctl|modprobe|apt-get|update-ca-certificates|apk\s+add)(?![\w-])"
)
_SETCAP = re.compile(r"setcap\b[^;&|]*cap_net_bind_service")
_CONTEXT_SCAN_LIMIT = 4000
# useradd/adduser (shadow, Debian, busybox) options that take a value
_ACCOUNT_VALUE_OPTS = {"-u", "-g", "-G", "-d", "-s", "-c", "-k", "-K", "-e", "-f", "-p", "-R", "-P", "-Z", "-h",
                       "--uid", "--gid", "--groups", "--home-dir", "--home", "--shell", "--comment", "--skel", "--key",
                       "--expiredate", "--inactive", "--password", "--root", "--prefix", "--selinux-user", "--gecos",
                       "--ingroup", "--firstuid", "--lastuid", "--conf", "--add_extra_groups", "--extrausers"}


# numeric ids of the users base images ship (USER <uid>: hadolint DL3066, Kubernetes runAsNonRoot)
_SHIPPED_UIDS = {"node": (1000, 1000), "nonroot": (65532, 65532), "bun": (1000, 1000), "deno": (1993, 1993),
                 "vscode": (1000, 1000), "app": (1654, 1654)}
DEFAULT_UID = 10001
_MAX_ID = 2**31 - 1


def _account(cmd, env=None, assigned=()) -> tuple[str, int | None] | None:
    """(name, uid) of the account a useradd/adduser command creates: its first
    operand, and its ``-u``/``--uid`` when that is a number (literal, or an
    ARG/ENV known in ``env`` that the RUN does not assign itself: ``assigned``)."""
    from dockfix.semantic.variables import expand

    def number(word, text=None):
        v = text if text is not None else word.value
        if v is None and env is not None:
            t = word.text
            if len(t) > 1 and t[0] == t[-1] == '"':
                t = t[1:-1]
            if any(c in t for c in "'`\\\"") or set(re.findall(r"\$\{?(\w+)", t)) & set(assigned):
                return None
            v = expand(t, env)
        return int(v) if v is not None and v.isdigit() else None

    args = cmd.argv[1:]
    i = 0
    uid = None
    name = None
    while i < len(args):
        v = args[i].value
        if v is None:
            if name is None:
                return None
            i += 1
            continue
        if v.startswith("-"):
            if v in ("-u", "--uid") and i + 1 < len(args):
                uid = number(args[i + 1])
            elif v.startswith("--uid="):
                uid = number(args[i], v.split("=", 1)[1])
            elif re.fullmatch(r"-u\d+", v):
                uid = int(v[2:])
            if v in _ACCOUNT_VALUE_OPTS:
                i += 2
                continue
            i += 1
            continue
        if name is None:
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*\$?", v):
                return None
            name = v
        i += 1
    return (name, uid) if name else None


def created_accounts(doc, chain):
    """(name, uid or None) of every account made by useradd/adduser in the stage chain, in order."""
    found = []
    for ins, view in model_of(doc).stage_runs(chain):
        env = None
        for c in view.commands():
            if c.name and c.name.rsplit("/", 1)[-1] in ("useradd", "adduser"):
                if env is None:
                    from dockfix.semantic.variables import scope_before

                    env = scope_before(doc, ins)
                    assigned = set(re.findall(r"(?<![\w$])(\w+)\+?=", im.run_text(ins) or ""))
                    assigned |= set(re.findall(r"(?<![\w-])(?:read|export|local|declare)\s+(?:-\w+\s+)*(\w+)",
                                               im.run_text(ins) or ""))
                acc = _account(c, env, assigned)
                # (dockremap only owns the /etc/subuid range of dockerd's user-namespace remapping)
                if acc:
                    found.append(acc)
    return found


def uid_of(doc, stage, name: str) -> int | None:
    """The uid of the account ``name`` in ``stage``: one the file creates with
    a fixed uid, or the user its base image ships (``node`` 1000, ...)."""
    chain = im.stage_chain(doc, stage)
    uid = next((u for n, u in reversed(created_accounts(doc, chain)) if n == name), None)
    if uid is None:
        shipped = im.shipped_user(im.root_image(doc, stage))
        if shipped and shipped[0] == name and name in _SHIPPED_UIDS:
            uid = _SHIPPED_UIDS[name][0]
    return uid


def _option_id(options, key, default):
    """A numeric id from ``--option key=N``: (value, None) or (None, why it is not usable)."""
    v = options.get(key, default)
    s = str(v).strip()
    if isinstance(v, bool) or not s.isdigit() or not 0 < int(s) <= _MAX_ID:
        return None, f"option {key}={v!r} is not a user/group id (a number from 1 to {_MAX_ID})"
    return int(s), None


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
        groupadd -r -g 10001 app && useradd --no-log-init -r -u 10001 -g app app
        USER 10001:10001
  Alpine/BusyBox
        addgroup -S -g 10001 app && adduser -S -u 10001 -G app app
        USER 10001:10001
  scratch         USER 65532:65532 (numeric, no passwd lookup needed)
The family comes from the image name, from package-manager commands in the
file, or from the stage the final stage is built on. The WORKDIR (where
applications usually write at run time) and the declared VOLUMEs are given
to the same uid:gid with a non-recursive `chown` in the same RUN; copied
files stay root-owned and read-only for the app.

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
    RUN groupadd -r -g 10001 app && useradd --no-log-init -r -u 10001 -g app app
    USER 10001:10001
    CMD ["python", "/app/app.py"]

Fix safety: unsafe. The process no longer runs as root: files it writes
outside its WORKDIR and home, ports below 1024 and root-only tools stop
working. A base image that already has uid or gid 10001 makes useradd fail:
choose free ids with `--option user-uid=N --option user-gid=N`. Refused (finding kept, reason given) when the entrypoint drops
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
"""

    def check(self, ctx):
        doc = ctx.doc
        if not doc.stages:
            return
        stage = doc.stages[-1]
        if not stage.image:
            return
        user_val, user_ins = im.last_user(doc, stage)
        if user_val is not None and not im.is_root_user(user_val):
            return  # runs as a non-root user already (or one set by a variable)
        image = im.root_image(doc, stage)
        if user_val is None and im.nonroot_by_default(image):
            return
        own_user = user_ins is not None and user_ins.stage is stage
        where = user_ins if own_user else stage.from_
        msg = ("the final stage switches back to root with USER " + user_val) if own_user else \
            "the final stage runs as root (no USER)"

        def refuse(reason):
            return ctx.finding(self, where, msg, refused=reason)

        if doc.is_windows or im.family_of_image(image) == im.WINDOWS:
            yield refuse("Windows image: users work differently there (ContainerUser)")
            return
        chain = im.stage_chain(doc, stage)
        if user_ins is not None and not own_user:
            yield refuse(f"the final stage is built on stage '{user_ins.stage.name or user_ins.stage.index}', "
                         f"which sets USER {user_val}; change it there")
            return
        if len(chain) > 1 and any(i.cmd == "USER" for st in chain[1:] for i in st.instructions):
            yield refuse("the final stage is built on another stage that already sets a user")
            return
        if any(i.cmd == "ONBUILD" for i in stage.instructions):
            yield refuse("the image has ONBUILD triggers: images built on it would run them as the new user")
            return
        reason = self._privilege_reason(ctx, chain, image)
        if reason:
            yield refuse(reason)
            return

        # the account to use; USER is written numerically (hadolint DL3066: a name may not resolve on
        # the host, and Kubernetes' runAsNonRoot can only check a number)
        fam = im.family_of_stage(doc, stage)
        earlier = self._earlier_user(doc, chain, user_ins)
        created = None if earlier else self._created_user(doc, chain)
        shipped = im.shipped_user(image) if image else None
        create_cmd = None
        chown_target = None
        if earlier:
            # by its uid when the file made the account with a fixed one (hadolint DL3066)
            uid = next((u for n, u in reversed(created_accounts(doc, chain)) if n == earlier), None)
            user = str(uid) if uid else earlier
        elif created:
            name, uid = created
            if uid == 0:
                yield refuse(f"the account the file creates ({name}) has uid 0, which is root")
                return
            if uid is None and not ctx.option(self, "user-by-name"):
                yield refuse(f"the account the file creates ({name}) gets its uid when the image is built: "
                             f"USER {name} would be a name (hadolint DL3066; Kubernetes runAsNonRoot cannot check "
                             f"it). Give it a fixed uid (useradd -u N) or use --option user-by-name=true")
                return
            user = str(uid) if uid is not None else name
        elif self._makes_accounts(chain):
            yield refuse("the file creates users or groups itself (useradd/adduser/groupadd) in a way this "
                         "fix cannot read; add USER for that account by hand")
            return
        elif shipped:
            ids = _SHIPPED_UIDS.get(shipped[0])
            user = str(ids[0]) if ids else shipped[0]
            if fam in im.SHELL_FAMILIES:
                chown_target = (str(ids[0]), str(ids[1])) if ids else (shipped[0], shipped[1])
        elif fam == im.SCRATCH:
            user = "65532:65532"
        elif fam == im.DISTROLESS:
            user = "65532"  # distroless' nonroot
        elif fam in (im.DEBIAN, im.RHEL, im.RHEL_MINIMAL, im.AMAZON, im.ALPINE, im.BUSYBOX):
            if fam in (im.RHEL_MINIMAL, im.AMAZON) and not self._installed(doc, chain, "shadow-utils"):
                what = "ubi-minimal/microdnf" if fam == im.RHEL_MINIMAL else "Amazon Linux"
                yield refuse(f"{what} images may have no useradd: installing shadow-utils for it would add an "
                             "unpinned package (hadolint DL3041/DL3033); install it and create the account "
                             "yourself, or add a numeric USER")
                return
            uid, why = _option_id(ctx.options, "user-uid", DEFAULT_UID)
            gid, why2 = _option_id(ctx.options, "user-gid", uid if uid is not None else DEFAULT_UID)
            if why or why2:
                yield refuse(why or why2)
                return
            user = f"{uid}:{gid}"
            if fam in (im.ALPINE, im.BUSYBOX):
                create_cmd = f"addgroup -S -g {gid} app && adduser -S -u {uid} -G app app"
            else:
                create_cmd = f"groupadd -r -g {gid} app && useradd --no-log-init -r -u {uid} -g app app"
            chown_target = (str(uid), str(gid))
        else:
            what = "unknown" if fam == im.UNKNOWN else fam
            yield refuse(f"base image family is {what} ({image or stage.image}); cannot tell how to create a user")
            return

        # where the USER goes: after the last instruction that needs root
        anchor = stage.from_
        for ins in stage.instructions:
            if ins.cmd in ("RUN", "COPY", "ADD", "WORKDIR", "USER", "SHELL", "ONBUILD", "FROM"):
                anchor = ins
        at = anchor.end if anchor is not user_ins else user_ins.start
        heredoc = next((i for i in doc.instructions if i.heredocs and i.start < at), None)
        if heredoc is not None:
            yield refuse(f"line {heredoc.line} uses a heredoc: hadolint cannot parse any instruction after one, "
                         "so an added USER would make the file unreadable for hadolint")
            return
        nl = doc.newline
        kw = stage.from_
        workdir = self._workdir(doc, chain)
        lines = []
        shell_cmds = []
        if create_cmd:
            shell_cmds.append(create_cmd)
        if chown_target:
            owner = f"{chown_target[0]}:{chown_target[1]}"
            if workdir and workdir != "/":
                shell_cmds.append(f"chown {owner} {workdir}")
            vols = [v for v in self._volumes(doc, chain) if v != workdir]
            if vols:
                # declared volumes are where the app keeps its data: it must be able to write there
                shell_cmds.append(f"mkdir -p {' '.join(vols)} && chown {owner} {' '.join(vols)}")
        if shell_cmds:
            lines.append(f"{keyword_case('RUN', kw)} " + " && ".join(shell_cmds))
        lines.append(f"{keyword_case('USER', kw)} {user}")
        block = nl.join(lines)
        if anchor is user_ins:
            edit = Edit(user_ins.start, user_ins.end, block + (nl if doc.text[user_ins.start:user_ins.end].endswith("\n") else ""))
        else:
            at = anchor.end
            if doc.text[:at].rstrip(" \t\r\n").endswith(doc.escape) and not doc.text[at:].strip():
                yield refuse("the file ends inside a line continuation")
                return
            if doc.text[at - 1:at] == "\n":
                edit = Edit.insert(at, block + nl)
            else:  # last line without a newline: touch it, so it may grow its newline
                edit = Edit(at - 1, at, doc.text[at - 1] + nl + block)
        how = "create and switch to" if create_cmd else "switch to"
        fix = Fix.unsafe(edit, message=f"{how} user {user}")
        yield ctx.finding(self, where, f"{msg}; {how} '{user}'", fix=fix)

    # -- helpers --------------------------------------------------------------
    def _privilege_reason(self, ctx, chain, image):
        doc = ctx.doc
        entry = cmd = None
        for st in reversed(chain):
            for ins in st.instructions:
                if ins.cmd == "ENTRYPOINT":
                    entry = ins
                    cmd = None
                elif ins.cmd == "CMD":
                    cmd = ins
        texts = [i.args for i in (entry, cmd) if i is not None]
        for t in texts:
            m = _DROPS.search(t)
            if m:
                return f"the entrypoint drops privileges itself ({m.group(0).strip()})"
            if _INIT_ENTRY.match(t):
                return "the entrypoint is /init (s6-overlay), which manages users itself"
        for st in chain:
            for ins in st.instructions:
                t = im.run_text(ins)
                if t:
                    m = re.search(r"(?<![\w-])(gosu|su-exec|s6-overlay|supervisor|tini-static-gosu)(?![\w])", t)
                    if m:
                        return f"the image installs {m.group(1)} to drop privileges in its entrypoint"
        if entry is None and im.drops_privileges_itself(image):
            return f"the base image's entrypoint ({image}) starts as root and drops privileges itself"
        if entry is None and cmd is None and im.root_daemon_image(image):
            return f"the base image's command ({image}) is a server that needs root (ports below 1024)"
        script = self._entry_script(ctx, entry or cmd)
        if script:
            m = _DROPS.search(script)
            if m:
                return f"the entrypoint script drops privileges itself ({m.group(0).strip()})"
            code = "\n".join(ln for ln in script.splitlines() if not ln.lstrip().startswith("#"))
            m = re.search(r"(?<![\w./-])(chown|chgrp|sysctl|modprobe|apt-get|update-ca-certificates|apk\s+add)(?![\w-])", code)
            if m:
                return f"the entrypoint script runs {m.group(1)}, which needs root"
        for t in texts:
            m = _NEEDS_ROOT.search(t)
            if m:
                return f"the command runs {m.group(1)}, which needs root"
            if re.search(r"(?<![\w.-])/root(?:/|$|[\s\"',\]])", t) and self._workdir(doc, chain) != "/root":
                return "the command uses a file under /root, which only root can enter"
        why = self._unreadable(doc, chain, texts)
        if why:
            return why
        low = self._low_port(doc, chain)
        if low is not None:
            setcap = any(_SETCAP.search(im.run_text(i) or "") for st in chain for i in st.instructions)
            if not setcap:
                return f"EXPOSE {low} is below 1024 and nothing grants cap_net_bind_service"
        return None

    def _unreadable(self, doc, chain, texts):
        """A RUN chmod that leaves a file the start command runs unreadable or not executable
        for other users (770, 0700, 111): root reads it anyway, an unprivileged USER cannot."""
        for st in chain:
            for ins, view in model_of(doc).stage_runs([st]):
                for c in view.commands():
                    if c.name != "chmod":
                        continue
                    vals = [w.value for w in c.argv[1:]]
                    mode = next((v for v in vals if v is not None and not v.startswith("-")), None)
                    if mode is None or not re.fullmatch(r"0?[0-7]?[0-7]{2}[0-3]", mode):
                        continue
                    paths = [v for v in vals[vals.index(mode) + 1:] if v is None or not v.startswith("-")]
                    paths = [v if v is not None else "?" for v in paths]
                    used = [v for v in paths if v.rstrip("/").rsplit("/", 1)[-1] and
                            any(re.search(r"(?<![\w.-])" + re.escape(v.rstrip("/").rsplit("/", 1)[-1]) + r"(?![\w.-])", t)
                                for t in texts)]
                    if used:
                        return (f"the RUN on line {ins.line} runs chmod {mode} {used[0]}, which the start command "
                                "uses: only its owner (root) may read or run it, not the new USER")
        return None

    def _low_port(self, doc, chain):
        from dockfix.semantic.variables import expand, scope_before

        for st in chain:
            for ins in st.instructions:
                if ins.cmd != "EXPOSE":
                    continue
                env = scope_before(doc, ins)
                for w in ins.plain_words():
                    v = expand(w.text, env)
                    if v is None:
                        continue
                    m = re.match(r"^(\d+)", v)
                    if m and int(m.group(1)) < 1024:
                        return v
        return None

    def _entry_script(self, ctx, ins):
        """Text of the entrypoint script when it is a file of the build context."""
        if ins is None or not ctx.context_dir:
            return None
        vals = ins.json_values if ins.json else ins.args.split()
        if not vals:
            return None
        first = vals[0]
        if first in ("sh", "bash", "/bin/sh", "/bin/bash", "tini", "/sbin/tini", "/usr/bin/tini", "dumb-init",
                     "/usr/bin/dumb-init") and len(vals) > 1:
            rest = [v for v in vals[1:] if not v.startswith("-")]
            first = rest[0] if rest else first
        base = os.path.basename(first)
        if not base or not (base.endswith(".sh") or "entrypoint" in base or "start" in base or "run" in base):
            return None
        root = ctx.context_dir
        if not os.path.isdir(root):
            return None
        n = 0
        for dirpath, dirnames, files in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in (".git", "node_modules", ".venv", "vendor")]
            n += len(files)
            if n > _CONTEXT_SCAN_LIMIT:
                return None
            if base in files:
                try:
                    with open(os.path.join(dirpath, base), "rb") as fh:
                        return fh.read(65536).decode("utf-8", "replace")
                except OSError:
                    return None
        return None

    def _earlier_user(self, doc, chain, user_ins):
        """A non-root USER set earlier in the final stage (before the switch to root)."""
        if user_ins is None:
            return None
        val = None
        for ins in chain[0].instructions:
            if ins is user_ins:
                break
            if ins.cmd == "USER":
                v = ins.args.strip()
                val = None if im.is_root_user(v) else v
        return val

    def _created_user(self, doc, chain):
        """(name, uid or None) of an account made by useradd/adduser in the stage chain and never switched to."""
        accounts = [a for a in created_accounts(doc, chain) if a[0] not in ("root", "dockremap")]
        return accounts[-1] if accounts else None

    def _volumes(self, doc, chain):
        from dockfix.semantic.variables import expand, scope_before

        out = []
        for st in reversed(chain):
            for ins in st.instructions:
                if ins.cmd != "VOLUME":
                    continue
                vals = ins.json_values if ins.json and ins.json_values is not None else [w.text for w in ins.plain_words()]
                for v in vals:
                    e = expand(v, scope_before(doc, ins))
                    if e and e.startswith("/") and re.fullmatch(r"[A-Za-z0-9_./@+-]+", e):
                        e = im.normpath(e)
                        if e not in out and e != "/":
                            out.append(e)
        return out

    def _makes_accounts(self, chain):
        rx = re.compile(r"(?<![\w-])(useradd|adduser|groupadd|addgroup)(?![\w-])")
        return any(rx.search(im.run_text(i) or "") for st in chain for i in st.instructions)

    def _installed(self, doc, chain, pkg):
        return any(re.search(r"(?<![\w-])" + re.escape(pkg) + r"(?![\w-])", im.run_text(i) or "")
                   for st in chain for i in st.instructions)

    def _workdir(self, doc, chain):
        import posixpath

        from dockfix.semantic.variables import expand, scope_before

        wd = None
        for st in reversed(chain):
            for ins in st.instructions:
                if ins.cmd == "WORKDIR":
                    v = expand(ins.args.strip(), scope_before(doc, ins))
                    if v is None or not v or any(c in v for c in "'\"$`\\ \t"):
                        wd = "?"
                        continue
                    if v.startswith("/"):
                        wd = im.normpath(v)
                    elif wd and wd != "?":
                        wd = im.normpath(posixpath.join(wd, v))
                    else:
                        wd = "?"
        return None if wd == "?" else wd
