"""CMD / ENTRYPOINT shell form -> JSON exec form (DL3025, JSONArgsRecommended)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import UNSAFE, Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.semantic.model import model_of
from dockfix.shell.nodes import sole_command
from dockfix.shell.view import is_posix_shell

_PLAIN = re.compile(r"[A-Za-z0-9_@%+=:,./\-^]")
_ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
# words that only a shell understands: the command would not exist without it
_SHELL_ONLY = {
    "cd", "source", ".", "set", "export", "unset", "exit", "return", "eval", "alias", "trap", "ulimit",
    "umask", "wait", "read", "shift", "readonly", "declare", "typeset", "local", "let", ":", "builtin",
    "command", "exec", "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case",
    "esac", "function", "select", "time", "{", "}", "!", "[[", "shopt", "hash", "type", "getopts",
    "jobs", "fg", "bg", "disown", "pushd", "popd", "dirs", "history", "logout", "times", "break", "continue",
}


def split_simple(s: str) -> tuple[list[str] | None, str | None]:
    """Argv of a shell command that uses no shell feature, else (None, reason)."""
    argv: list[str] = []
    i, n = 0, len(s)
    cur: list[str] | None = None
    while i < n:
        ch = s[i]
        if ch in " \t":
            if cur is not None:
                argv.append("".join(cur))
                cur = None
            i += 1
            continue
        if cur is None:
            cur = []
            if ch == "#":
                return None, "a comment"
            if ch == "~":
                return None, "a ~ (home directory) expansion"
        if ch == "'":
            j = s.find("'", i + 1)
            if j == -1:
                return None, "an unterminated quote"
            cur.append(s[i + 1 : j])
            i = j + 1
            continue
        if ch == '"':
            j = i + 1
            while j < n and s[j] != '"':
                if s[j] in "$`\\":
                    return None, f"a {s[j]!r} inside double quotes"
                j += 1
            if j >= n:
                return None, "an unterminated quote"
            cur.append(s[i + 1 : j])
            i = j + 1
            continue
        if _PLAIN.match(ch):
            cur.append(ch)
            i += 1
            continue
        what = {
            "$": "a variable or substitution", "&": "&& / & (command lists)", "|": "a pipe or ||",
            ";": "a command list (;)", "<": "a redirection", ">": "a redirection", "*": "a glob",
            "?": "a glob", "[": "a glob", "`": "a command substitution", "\\": "a backslash escape",
            "(": "a subshell", ")": "a subshell", "{": "braces", "}": "braces", "~": "a ~ expansion",
        }.get(ch, f"the character {ch!r}")
        return None, what
    if cur is not None:
        argv.append("".join(cur))
    return argv, None


def _shell_setup(doc, ins, shell: list[str]) -> str | None:
    """Why the shell of a shell-form command runs start-up files first (which
    the exec form would skip): a login or interactive shell, or bash with
    BASH_ENV set by an ENV of the stage (or a stage it is built from)."""
    for a in shell[1:]:
        if a in ("--login", "--rcfile", "--init-file", "--interactive"):
            return f"the SHELL runs {a}"
        if a.startswith("-") and not a.startswith("--") and ("l" in a[1:] or "i" in a[1:]):
            return f"the SHELL is a {'login' if 'l' in a else 'interactive'} shell ({a})"
    if shell and shell[0].rsplit("/", 1)[-1] == "bash":
        from dockfix.semantic.variables import env_decls

        for st in model_of(doc).chain(ins.stage):
            for other in st.instructions:
                if other.cmd == "ENV" and any(k == "BASH_ENV" for k, _ in env_decls(other)):
                    return f"ENV BASH_ENV (line {other.line}) makes bash read that file first"
    return None


def _script_without_shebang(ctx: Context, word: str) -> str | None:
    """Why a shell script started by the command may not run in exec form: the shell form runs a
    script without a ``#!`` line as a shell script, the exec form fails (exec format error)."""
    if not re.search(r"\.(sh|bash)$", word):
        return None
    from dockfix.semantic.roles import context_file

    found = context_file(ctx.context_dir, word.rstrip("/").rsplit("/", 1)[-1])
    if found is None:
        return (f"{word} is a script dockfix cannot read (not in the build context given): without a `#!` line "
                "the exec form fails (exec format error) where the shell form runs it")
    if not found[1].startswith("#!"):
        return f"{found[0]} has no `#!` line: the exec form fails (exec format error) where the shell form runs it"
    return None


class ExecForm(Transform):
    name = "exec-form"
    code = "DF213"
    summary = "Write CMD and ENTRYPOINT in JSON (exec) form when no shell is needed"
    hadolint = ("DL3025",)
    buildkit = ("JSONArgsRecommended",)
    applicability = UNSAFE
    links = ("https://docs.docker.com/reference/build-checks/json-args-recommended/",)
    explanation = """
What: `CMD npm start` becomes `CMD ["npm", "start"]` (same for ENTRYPOINT)
when the command uses no shell feature. A leading `exec` is dropped
(`CMD exec nginx -g 'daemon off;'` becomes `CMD ["nginx", "-g", "daemon off;"]`).

Why: in shell form the command runs as `/bin/sh -c "..."`: the shell may be
PID 1, so SIGTERM from `docker stop` does not reach the program and the
container is killed after the timeout (hadolint DL3025, BuildKit
JSONArgsRecommended).

Example:
    CMD gunicorn -b 0.0.0.0:8000 app:app
becomes
    CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]

Fix safety: only commands made of plain words, single-quoted strings and
double-quoted strings without `$`, backquotes or backslashes are converted;
variables, `&&`, `;`, pipes, redirections, globs, `~`, escapes, comments,
variable assignments and shell builtins or keywords (`cd`, `source`,
`if`, ...) need the shell: the finding is left with that reason (write it
as `["sh", "-c", "..."]` by hand if the shell is wanted). When such a
command is ONE simple command (say `java $JAVA_OPTS -jar app.jar`, perhaps
with redirections), it is prefixed with `exec` instead: the shell still
expands the variables, then the program replaces it and receives the
signals; the form stays shell form, so the finding stays. Files whose SHELL is
not a POSIX shell, and Windows files, are left alone. Not converted either
when the shell reads start-up files before the command: a login or
interactive SHELL (`-l`, `--login`, `-i`: Debian's /etc/profile resets PATH,
conda/nvm/rvm hook into ~/.bashrc) or bash with an `ENV BASH_ENV` (the exec
form would run the program without that set-up).
- CMD is safe when the CMD is used as is: the stage (or a stage it is built
  from) has a shell-form ENTRYPOINT (which ignores CMD) or the stage starts
  FROM scratch with no ENTRYPOINT. Otherwise an ENTRYPOINT (perhaps the base
  image's) receives CMD as its arguments, and those change from
  `/bin/sh -c "..."` to the words themselves: unsafe.
- ENTRYPOINT is always unsafe: in shell form it ignores CMD and the
  arguments of `docker run`; in exec form it receives them. When the stage
  (or a stage it is built from) has a CMD, that CMD is then appended to the
  command, which is said in the message.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        if doc.is_windows:
            return
        for ins in doc.instructions:
            if ins.cmd not in ("CMD", "ENTRYPOINT") or ins.json or not ins.args:
                continue
            msg = f"{ins.cmd} in shell form; use the JSON (exec) form"
            if not is_posix_shell(model_of(doc).shell_of(ins)):
                yield ctx.finding(self, ins, msg, refused="the SHELL is not a POSIX shell")
                continue
            text = doc.text
            if ins.is_multiline and any(text[l.start:l.end].lstrip().startswith("#") for l in ins.lines[1:]):
                yield ctx.finding(self, ins, msg, refused="comment lines inside the instruction")
                continue
            argv, why = split_simple(ins.args)
            if argv is None:
                yield self._exec_prefix(ctx, doc, ins, msg, why)
                continue
            if argv and argv[0] == "exec" and len(argv) > 1 and not argv[1].startswith("-"):
                argv = argv[1:]
            if not argv or not argv[0]:
                yield ctx.finding(self, ins, msg, refused="empty command")
                continue
            if _ASSIGN.match(argv[0]):
                yield ctx.finding(self, ins, msg, refused="needs a shell: a variable assignment")
                continue
            if argv[0] in _SHELL_ONLY:
                yield ctx.finding(self, ins, msg, refused=f"needs a shell: {argv[0]!r} is a shell builtin or keyword")
                continue
            setup = _shell_setup(doc, ins, model_of(doc).shell_of(ins))
            if setup:
                yield ctx.finding(self, ins, msg, refused=f"{setup}: the shell form reads start-up files "
                                  "(PATH, conda/nvm/rvm set-up) before the command; the exec form would not")
                continue
            unread = _script_without_shebang(ctx, argv[0])
            if unread:
                yield ctx.finding(self, ins, msg, refused=unread)
                continue
            new = json.dumps(argv, ensure_ascii=False)
            edit = Edit(ins.args_start, ins.args_end, new)
            chain = model_of(doc).chain(ins.stage) if ins.stage is not None else []
            if ins.cmd == "CMD":
                ep = None
                for st in chain:
                    eps = [i for i in st.instructions if i.cmd == "ENTRYPOINT"]
                    if eps:
                        ep = eps[-1]
                        break
                root = chain[-1] if chain else None
                if ep is not None and not ep.json:
                    fix = Fix.safe(edit, message="use the exec form")
                elif ep is None and root is not None and (root.image or "").lower() == "scratch":
                    fix = Fix.safe(edit, message="use the exec form")
                elif ep is not None:
                    fix = Fix.unsafe(edit, message="use the exec form (the ENTRYPOINT on line "
                                     f"{ep.line} receives CMD as arguments: they change from sh -c to the words)")
                else:
                    fix = Fix.unsafe(edit, message="use the exec form (an ENTRYPOINT of the base image, "
                                     "if any, receives CMD as arguments: they change from sh -c to the words)")
            else:
                cmds = [i for st in chain for i in st.instructions if i.cmd == "CMD"]
                if cmds:
                    why = (f"in exec form the CMD on line {cmds[-1].line} is passed to it as arguments; "
                           "in shell form it was ignored")
                else:
                    why = "in exec form `docker run` arguments are passed to it; in shell form they were ignored"
                fix = Fix.unsafe(edit, message=f"use the exec form ({why})")
            yield ctx.finding(self, ins, msg, fix=fix)

    def _exec_prefix(self, ctx, doc, ins, msg, why):
        """A single simple command that needs the shell (variables, redirections):
        `exec` makes the program replace the shell, so it gets the signals."""
        refused = f"needs a shell: {why}"
        if ins.is_multiline:
            return ctx.finding(self, ins, msg, refused=refused)
        sole = sole_command(ins.args)
        if sole is None:
            return ctx.finding(self, ins, msg, refused=refused)
        name = sole.name
        if name == "exec":
            return ctx.finding(self, ins, msg, refused=f"{refused} (already exec-prefixed: the program gets the signals)")
        if not re.fullmatch(r"[A-Za-z0-9_@%+=:,./\-]+", name) or name in _SHELL_ONLY:
            return ctx.finding(self, ins, msg, refused=refused)
        edit = Edit(ins.args_start, ins.args_start, "exec ")
        if ins.cmd == "CMD" and not self._cmd_used_as_is(doc, ins):
            fix = Fix.unsafe(edit, message="prefix with exec (an ENTRYPOINT may receive CMD as arguments: "
                             "its sh -c string gains `exec `)")
        else:
            fix = Fix.safe(edit, message="prefix with exec so that the program replaces the shell")
        return ctx.finding(self, ins, f"{ins.cmd} in shell form needs its shell here ({why}); "
                           "prefix the command with exec so that the program gets the signals", fix=fix)

    @staticmethod
    def _cmd_used_as_is(doc, ins) -> bool:
        chain = model_of(doc).chain(ins.stage)
        for st in chain:
            eps = [i for i in st.instructions if i.cmd == "ENTRYPOINT"]
            if eps:
                return not eps[-1].json
        return bool(chain) and (chain[-1].image or "").lower() == "scratch"

