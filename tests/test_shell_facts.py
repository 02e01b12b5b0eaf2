"""dockfix.shell.facts (per-RUN facts, the state-builtin table, the && / ;
flattener) and dockfix.shell.tools (tool call parsers)."""

from __future__ import annotations

import pytest

from dockfix.semantic.model import model_of
from dockfix.shell import facts, nodes, tools
from dockfix.shell.facts import and_list, facts_of
from dockfix.syntax.cst import parse


def view_of(script: str, shell: str = ""):
    doc = parse("FROM debian:12\n" + shell + "RUN " + script + "\n")
    ins = next(i for i in doc.instructions if i.cmd == "RUN")
    return model_of(doc).shell_view(ins)


def test_facts_are_computed_once_and_kept_on_the_view():
    v = view_of("cd /x && make")
    assert facts_of(v) is facts_of(v)
    assert facts_of(v).state_changes is facts_of(v).state_changes
    assert "facts" not in vars(v) and "_mr_cache" not in vars(v)


def test_command_is_public_and_matches_commands():
    v = view_of("apt-get install -y curl && echo hi")
    nodes = [c.node for c in v.commands()]
    assert [v.command(n).name for n in nodes] == ["apt-get", "echo"]
    assert [w.value for w in v.command(nodes[0]).args] == ["install", "-y", "curl"]


@pytest.mark.parametrize("name", ["cd", "export", "let", "declare", "typeset", "local", "readonly", "set",
                                  "trap", "source", ".", "shopt", "alias", "umask", "ulimit", "unset",
                                  "read", "mapfile", "getopts", "shift", "eval", "exec", "exit"])
def test_state_builtin_table_says_what_each_changes(name):
    assert facts.changes_state(name)
    assert facts.STATE_BUILTINS[name]


@pytest.mark.parametrize("name", ["echo", "apt-get", "make", "true", None])
def test_not_state_builtins(name):
    assert not facts.changes_state(name)


def test_state_changes_in_source_order_with_kinds():
    v = view_of("let N=4 && A=1 && export B=2 && unset C && f() { :; } && X=1 make && umask 022")
    got = [(c.kind, c.name) for c in facts_of(v).state_changes]
    assert got == [("builtin", "let"), ("assignment", "A"), ("declaration", "export"), ("unset", "unset"),
                   ("function", "function"), ("builtin", "umask")]
    assert "variables" in facts.STATE_BUILTINS["let"]


def test_flatten_splits_and_and_semicolons_keeps_or_lists():
    v = view_of("a && b || c; d && e")
    flat = facts.flatten(v)
    assert [v.span_text(p) for p in flat.parts] == ["a && b || c", "d", "e"]
    assert flat.seps == ["", ";", "&&"]
    assert not flat.background and flat.statements == 2


def test_flatten_opens_a_redirected_list_for_its_last_command():
    v = view_of("a && b > f")
    closed = facts.flatten(v)
    opened = facts.flatten(v, open_redirects=True)
    assert [v.span_text(p) for p in closed.parts] == ["a && b > f"]
    assert [v.span_text(p) for p in opened.parts] == ["a", "b"]
    assert list(opened.ends) == [1] and [v.span_text(r) for r in opened.redirects[1]] == ["> f"]


def test_flatten_sees_background():
    assert facts.flatten(view_of("a & b")).background
    assert facts.flatten(view_of("a && b &")).background


@pytest.mark.parametrize("script, parts", [
    ("a && b && c", ["a", "b", "c"]),
    ("a", ["a"]),
    ("a && b > log", ["a && b > log"]),
    ("a || b", None),
    ("a; b", None),
    ("a || b >> log", None),
])
def test_and_list(script, parts):
    v = view_of(script)
    got = and_list(v)
    assert (None if got is None else [v.span_text(p) for p in got]) == parts


def test_commands_carry_their_directory():
    v = view_of("make && cd /src && make && cd sub && make && cd $D && make")
    assert [(c.cmd.name, c.cwd) for c in facts_of(v).commands] == [
        ("make", "."), ("cd", "."), ("make", "/src"), ("cd", "/src"), ("make", "/src/sub"), ("cd", "/src/sub"),
        ("make", None)]


def test_cd_in_a_branch_makes_the_directory_unknown():
    v = view_of("if true; then cd /a; fi && make")
    assert [(c.cmd.name, c.cwd) for c in facts_of(v).commands][-1] == ("make", None)


def test_downloads_and_services():
    v = view_of("curl -fsSL https://e.com/a.tgz -o /a.tgz && wget http://x.org/b && git clone git://h/r /r"
                " && service nginx start && echo https://not.a/download")
    assert [(d.tool, d.scheme, d.url) for d in facts_of(v).downloads] == [
        ("curl", "https", "https://e.com/a.tgz"), ("wget", "http", "http://x.org/b"), ("git", "git", "git://h/r")]
    assert [c.name for c in facts_of(v).services] == ["service"]


# -- tools ---------------------------------------------------------------------------------------
def test_unwrap_skips_sudo_env_command():
    v = view_of("sudo -E env A=1 command /usr/bin/apt-get install -y x")
    call = tools.unwrap(v.commands()[0])
    assert call is not None and call.name == "apt-get" and call.word.value == "/usr/bin/apt-get"
    assert [w.value for w in call.args] == ["install", "-y", "x"]


def test_apt_call_reads_subcommand_options_operands():
    v = view_of("apt-get -o Dpkg::Options::=--force-confold -q install --no-install-recommends a b")
    ac = tools.apt_call(tools.calls(v)[0])
    assert ac is not None and ac.sub == "install"
    assert tools.option_values(ac) == ["-o", "Dpkg::Options::=--force-confold", "-q", "--no-install-recommends"]
    assert [w.value for w in ac.operands] == ["a", "b"]
    assert not tools.has_assume_yes(ac)


@pytest.mark.parametrize("opts, yes", [("-y", True), ("--yes", True), ("-qq", True), ("-q -q", True),
                                       ("-q", False), ("-qy", True), ("--assume-yes=true", True)])
def test_has_assume_yes(opts, yes):
    v = view_of(f"apt-get {opts} install x")
    assert tools.has_assume_yes(tools.apt_call(tools.calls(v)[0])) is yes


def test_apt_call_unknown_subcommand_after_expansion():
    v = view_of("apt-get $OPTS install x")
    assert tools.apt_call(tools.calls(v)[0]).sub is None


def test_has_option_and_arg_index():
    c = view_of("apk add --no-cache -qU curl").commands()[0]
    assert tools.has_option(c, short="U") and tools.has_option(c, long=("no-cache",))
    assert not tools.has_option(c, long=("virtual",))
    assert tools.arg_index(c, {"add", "del"}) == 1


def test_guard_and_always_runs():
    v = view_of("a && b; z || c; if x; then d; fi; ( e )")
    by = {c.name: c for c in v.commands()}
    assert tools.always_runs(v, by["a"].node) and tools.always_runs(v, by["b"].node)
    for name in ("c", "d", "e"):
        assert not tools.always_runs(v, by[name].node)


def test_named_dirs_reads_option_and_prefix_assignment():
    c = view_of("XDG_CACHE_HOME=/c pip install --cache-dir=/p x").commands()[0]
    assert tools.named_dirs(c, "--cache-dir", {"PIP_CACHE_DIR": "", "XDG_CACHE_HOME": "/pip"}) == ["/p", "/c/pip"]


@pytest.mark.parametrize("script, names", [
    ("pip3 install --upgrade pip==23.1 setuptools", {"pip", "setuptools"}),
    ("python3 -m pip install -U pip", {"pip"}),
    ("npm i -g npm@latest", {"npm"}),
    ("npm install left-pad", set()),
    ("gem update --system", {"gem"}),
    ("curl -o /usr/local/bin/jq https://e.com/jq", {"jq"}),
    ("cp build/tool /usr/local/bin/tool", {"tool"}),
    ("apt-get install -y curl", set()),
])
def test_puts_in_path(script, names):
    assert tools.puts_in_path(view_of(script).commands()[0]) == names


@pytest.mark.parametrize("script, touches", [
    ("apt-get update && apt-get install -y libpq5 && rm -rf /var/lib/apt/lists/*", None),
    ("apk add --no-cache curl && mkdir -p /opt/x && chmod 755 /opt/x", None),
    ("echo 'deb http://x/ main' > /etc/apt/sources.list.d/x.list", None),
    ("useradd -r app && ln -s /usr/bin/python3 /usr/bin/python", None),
    ("chmod +x run.sh", "chmod +x run.sh"),
    ("apt-get install -y ./pkg.deb", "apt-get install -y ./pkg.deb"),
    ("make build", "make build"),
    ("cd /tmp && tar xzf x.tgz", None),
    ("echo x > settings.env", "> settings.env"),
    ("cat /app/x", "cat /app/x"),
    ("rm -rf /", "rm -rf /"),
    ("$CMD", "$CMD"),
])
def test_may_touch_the_copied_tree(script, touches):
    assert facts.may_touch(view_of(script), "/app", "/app") == touches


def test_may_touch_with_an_unknown_directory_reads_relative_paths_as_touching():
    assert facts.may_touch(view_of("rm -rf build"), "/app", None) == "rm -rf build"
    assert facts.may_touch(view_of("rm -rf /tmp/build"), "/app", None) is None


@pytest.mark.parametrize("script, touches", [
    ("pip install -U pip", False),
    ("pip3 install git+https://github.com/x/y.git", False),
    ("python3 -m pip install --no-cache-dir flask==3.0", False),
    ("pip install -r requirements.txt", True),
    ("pip install -rrequirements.txt", True),
    ("pip install -e .", True),
    ("pip install ./wheels/x.whl", True),
    ("pip install -r /tmp/req.txt", False),
])
def test_may_touch_reads_pip(script, touches):
    assert (facts.may_touch(view_of(script), "/app", "/app") is not None) == touches


# -- facts for the layer and package fixes (issue 16) --------------------------------------------

@pytest.mark.parametrize("script, slow, cleans", [
    ("make -j4 && make install", "make", None),
    ("apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*", "apt-get install", "rm -rf"),
    ("useradd app && chmod 700 /home/app", None, None),
    ("apt-get purge -y gcc", None, "apt-get purge"),
    ("pyenv install 3.12.1", "pyenv install", None),
])
def test_slow_step_and_cleans_up(script, slow, cleans):
    f = facts_of(view_of(script))
    assert f.slow_step == slow and f.cleans_up == cleans


@pytest.mark.parametrize("script, bust", [("echo $CACHEBUST", "$CACHEBUST"), ("echo ${CACHE_BUST_DATE}", "${CACHE_BUST_DATE}"),
                                          ("date > /build-date", "date"), ("echo $HOME", None)])
def test_cache_bust(script, bust):
    assert facts_of(view_of(script)).cache_bust == bust


@pytest.mark.parametrize("script, schemes", [
    ("curl -fsSL https://e.com/x", {"https"}), ("wget http://e.com/x", {"http"}), ("curl -o x $URL", {"https"}),
    ("git clone git@github.com:o/r.git", {"ssh"}), ("echo https://e.com", set()),
])
def test_fetch_schemes(script, schemes):
    assert facts_of(view_of(script)).fetch_schemes == schemes


@pytest.mark.parametrize("script, failing", [("echo x | tee f", 0), ("curl -s https://e | sh", 1), ("yes | apt-get install x", 0),
                                             ("make | tee log && printf a | cat", 1)])
def test_failing_pipes(script, failing):
    assert len(facts_of(view_of(script)).failing_pipes) == failing


def test_literal_assignments_and_apt_lists():
    f = facts_of(view_of("deps='gcc make'; export B=\"jq\" C=$(x); apt-get update && apt-get install -y $deps"))
    assert f.literal_assignments == {"deps": "gcc make", "B": "jq", "C": None}
    assert f.apt_lists == (True, False)
    assert facts_of(view_of("apt-get install -y x && apt-get dist-clean")).apt_lists == (False, True)


# -- dockfix.shell.nodes: the structural questions transforms ask instead of reading nodes ----------
def test_redirects_say_which_write_files():
    from dockfix.shell import nodes

    v = view_of("make > build.log 2>&1 && cat < in.txt && echo ok >> /var/log/x 2>/dev/null && cmd 3>&-")
    got = [(r.op, r.dest, r.writes) for r in nodes.redirects(v)]
    assert got == [(">", "build.log", True), (">&", "1", False), ("<", "in.txt", False), (">>", "/var/log/x", True),
                   (">", "/dev/null", True), (">&-", "", False)]
    assert nodes.redirects(v) == nodes.redirects(v)  # memoised for the whole script, a copy each time
    assert nodes.redirects(v)[0].statement.startswith("make > build.log")


def test_redirect_destination_is_the_file_not_the_descriptor():
    from dockfix.shell import nodes

    v = view_of('printf "%s" "$TOKEN" 2> ~/.netrc')
    assert [r.dest_value for r in nodes.redirects(v)] == [None]  # ~ is not literal
    v = view_of("echo x 2> /root/.npmrc")
    assert [r.dest_value for r in nodes.redirects(v)] == ["/root/.npmrc"]


def test_tests_settings_background_and_nameless_commands():
    from dockfix.shell import nodes

    v = view_of('[ -w /srv ] && X=1 && export Y=2 && unset Z && { cd /x; } && sleep 1 &')
    assert nodes.test_expressions(v) == ["[ -w /srv ]"]
    assert nodes.variable_settings(v)[:3] == ["X=1", "export Y=2", "Y=2"] and "unset Z" in nodes.variable_settings(v)
    assert nodes.starts_background_job(v)
    assert not nodes.starts_background_job(view_of("a && b"))
    flat = facts.flatten(v)
    assert not any(nodes.has_nameless_command(v, p) for p in flat.parts)


def test_command_parts_and_part_of_command():
    from dockfix.shell import nodes

    v = view_of("apk update && apk add x | tee l && (cd /a && make) && rm -rf /var/cache/apk/*")
    parts = facts.flatten(v).parts
    cps = nodes.command_parts(v, parts)
    assert {i: c.name for i, c in cps.items()} == {0: "apk", 3: "rm"}
    cmds = v.commands()
    assert [nodes.part_of_command(v, parts, c) for c in cmds] == [0, None, None, None, None, 3]


@pytest.mark.parametrize("script,runs", [
    ("yum install -y x", [True]), ("( yum install -y x )", [True]), ("{ yum install -y x; }", [True]),
    ("a || yum install -y x", [True, False]), ("yum install -y x || true", [True, False]),
    ("if true; then yum install -y x; fi", [False, False]), ("f() { yum install -y x; }", [False]),
])
def test_always_runs_through_groups(script, runs):
    from dockfix.shell import nodes

    assert [nodes.always_runs_through_groups(c) for c in view_of(script).commands()] == runs


@pytest.mark.parametrize("script,name", [
    ("node server.js", "node"), ("node server.js > /log 2>&1", "node"), ("exec nginx", "exec"),
    ("A=1 node x", None), ("a && b", None), ("a | b", None), ("if x; then y; fi", None), ("echo 'x", None),
])
def test_sole_command(script, name):
    from dockfix.shell import nodes

    got = nodes.sole_command(script)
    assert (got.name if got else None) == name


def test_pipelines_name_each_stage():
    from dockfix.shell import nodes

    v = view_of("curl -fsSL https://x/y.sh | bash -s -- --yes && yes | (apt-get install x) && a | head -n1 2>/dev/null")
    got = [[(s.name, s.args) for s in p.stages] for p in nodes.pipelines(v)]
    assert got == [[("curl", ["-fsSL", "https://x/y.sh"]), ("bash", ["-s", "--", "--yes"])],
                   [("yes", []), (None, [])], [("a", []), ("head", ["-n1"])]]


@pytest.mark.parametrize("script,differs", [
    ("[[ -f x ]] && y", "`[[`"), ("[ a == b ]", "`[ a == b ]`"), ("make &> log", "`&> log`"),
    ("echo $'a\\tb'", "$'a\\tb'"), ("cp x.{a,b} /t", "braces"), ("for f in {1..3}; do echo $f; done", "braces"),
    ("test a == b", "`test a == b`"), ("[ a = b ] && cp x /t && echo '{a,b}'", None),
])
def test_dash_bash_difference(script, differs):
    from dockfix.shell.dialects import dash_bash_difference

    why = dash_bash_difference(view_of(script))
    assert (why is None) if differs is None else (why is not None and differs in why)


@pytest.mark.parametrize("script,escapes", [
    ("echo 'a\\nb'", True), ('echo "a\\\\nb"', True), ("echo -e x", True), ("echo a\\\\nb", True),
    ("echo 'plain'", False), ("echo \"$X\"", False), ("printf 'a\\n'", False),
])
def test_echo_escapes(script, escapes):
    from dockfix.shell.dialects import echo_escapes

    assert echo_escapes(view_of(script)) is escapes


def test_redirect_freedom_and_part_shapes():
    from dockfix.shell import nodes

    v = view_of("make > build.log; echo a >/tmp/l 2>&1")
    assert [r.free for r in nodes.redirects(v)] == [False, True, True]
    v = view_of("cd /x && ! grep -q x f && A=1 && (cd y; make) && make")
    parts = facts.flatten(v).parts
    assert [nodes.is_negated(p) for p in parts] == [False, True, False, False, False]
    assert [nodes.is_assignment(p) for p in parts] == [False, False, True, False, False]
    assert [nodes.is_command(p) for p in parts] == [True, False, False, False, True]
    assert [nodes.has_own_scope(v, p) for p in parts] == [False, False, False, True, False]
    assert [c.name for c in nodes.commands_in(v, parts[3])] == ["cd", "make"]
    # `a && b > f`: the redirections tree-sitter hangs on the whole list
    for script, free in (("a && b >&2", True), ("a && b > rel.log", False), ("a && b 2>/dev/null", True)):
        flat = facts.flatten(view_of(script), open_redirects=True)
        assert [nodes.redirect_is_free(r) for rs in flat.redirects.values() for r in rs] == [free]

def test_redirects_name_the_files_not_the_descriptor_duplications():
    view = view_of('echo a > /tmp/x 2>&1 && cat < in.txt >> "$OUT" && exec 3>&- && echo b 2>/dev/null')
    got = [r.target for r in facts.redirects(view)]
    assert got == ["/tmp/x", "in.txt", None, "/dev/null"]
    starts = [r.start for r in facts.redirects(view)]
    assert starts == sorted(starts)
    assert view.doc.text[starts[0]:starts[0] + 8] == "> /tmp/x"


def _cmd(view, name):
    return next(c for c in view.commands() if c.name == name).node


@pytest.mark.parametrize("script, name, where", [
    ("ls; apt-get install -y a", "apt-get", "apt-get install"),  # a statement of the script
    ("if x; then apt-get install -y a; fi", "apt-get", "apt-get install"),  # a branch body
    ("apt-get install -y a && ls", "apt-get", "apt-get install"),  # the start of an && list
    ("ls && apt-get install -y a", "apt-get", None),  # inside the list
    ("if apt-get install -y a; then ls; fi", "apt-get", None),  # a condition
    ("for p in a; do apt-get install -y $p; done", "apt-get", None),  # a loop body: on every pass
    ("x | apt-get install -y a", "apt-get", None),
])
def test_statement_start(script, name, where):
    view = view_of(script)
    at = facts.statement_start(view, _cmd(view, name))
    assert (view.doc.text[at:at + len(where)] if at is not None else None) == where


def test_in_a_branch_before_in_and_chain_script_end_or_follows():
    view = view_of("if x; then apt-get install -y a; fi; ls")
    assert facts.in_a_branch(view, _cmd(view, "apt-get")) and not facts.in_a_branch(view, _cmd(view, "ls"))
    view = view_of("cd /x && apt-get install -y a; ls")
    at = facts.before_in_and_chain(view, _cmd(view, "apt-get"))
    assert at is not None and view.doc.text[at:].startswith("apt-get install")
    assert facts.before_in_and_chain(view_of("x || apt-get install -y a"), _cmd(view_of("x || apt-get install -y a"), "apt-get")) is None
    end = facts.script_end(view_of("a; b"))
    assert end is not None and facts.script_end(view_of("a; b # c")) is None and facts.script_end(view_of("a &")) is None
    view = view_of("apt-get update || true")
    assert facts.or_follows(_cmd(view, "apt-get")) and not facts.or_follows(_cmd(view_of("apt-get update && x"), "apt-get"))


@pytest.mark.parametrize("script, comment, background, last, start", [
    ("a && b", False, False, "b", "b"),
    ("a; b | c > f", False, False, "c", "c > f"),
    ("a || ! exit 1", False, False, "exit", "exit 1"),
    ("a; if x; then y; fi", False, False, None, "if x"),
    ("a && (b; c)", False, False, None, "(b; c)"),
    ("a &", False, True, "a", "a &"),
    ("a # c", True, False, None, None),
])
def test_ending_says_what_a_command_appended_would_follow(script, comment, background, last, start):
    view = view_of(script)
    e = facts.ending(view)
    assert (e.comment, e.background) == (comment, background)
    assert (e.last.name if e.last is not None else None) == last
    assert (view.doc.text[e.last_start:].startswith(start) if start is not None else e.last_start is None)
    if not comment:
        assert e.end is not None and view.doc.text[:e.end].rstrip().endswith(script.rstrip("&").rstrip()[-1])
    assert facts.ending(view) is e  # computed once per view


@pytest.mark.parametrize("script, semicolon", [("a;", True), ("a; b", False), ("find . -exec rm {} \\;", False)])
def test_ending_knows_a_trailing_semicolon_operator(script, semicolon):
    assert facts.ending(view_of(script)).semicolon is semicolon


@pytest.mark.parametrize("script, why", [
    ("cd /x && make", "runs 'cd'"),
    ("(cd /x && make) && ls", None),  # a subshell: nothing leaks
    ("echo $(cd /x; pwd)", None),
    ("set -x; make", None),  # tracing only
    ("set -e; make", "runs 'set'"),
    ("for i in a b; do echo $i; done", "loop variable"),
    ("X=1", "sets a shell variable"),
    ("X=1 make", None),  # a prefix: for that command only
    ("export X=1", "runs export"),
    ("echo ${X:=1}", "${...:=...}"),
    ("((i++))", "((...))"),
    ("[[ $a =~ b ]] && echo ok", "BASH_REMATCH"),
    ("printf -v X %s y", "printf -v"),
    ("$CMD --version", "name is a variable"),
    ("f() { :; }", "shell function"),
])
def test_state_leak_says_what_a_later_command_in_the_same_shell_would_see(script, why):
    got = facts.state_leak(view_of(script))
    assert (got is None) if why is None else (got is not None and why in got)


def test_state_leak_can_leave_out_the_first_statement():
    view = view_of("set -eux; make && make install")
    assert facts.state_leak(view) is not None and facts.state_leak(view, skip_first=True) is None
    assert facts.state_leak(view_of("set -eux; cd /x"), skip_first=True) is not None


@pytest.mark.parametrize("script, opts", [
    ("set -eux; make", ("-eux",)),
    ("set -o errexit; make", ("-o", "errexit")),
    ("set -x; make", None),
    ("make; set -e", None),
    ("set -e $X; make", None),  # not literal
    ("X=1 set -e; make", None),
])
def test_leading_errexit_set(script, opts):
    assert facts.leading_errexit_set(view_of(script)) == opts


@pytest.mark.parametrize("script, on_at_start, whole, what", [
    ("set -e; a; b", False, True, "several commands in a row"),
    ("set -e; a; b", False, False, None),  # the last statement alone: one command
    ("a; b", False, True, None),  # set -e never on
    ("a; b", True, True, "several commands in a row"),  # the SHELL has -e
    ("a; b; set -e", False, True, None),  # all over before set -e
    ("trap 'echo x' ERR; a; b", False, True, "several commands in a row"),
    ("set -e; for i in 1 2; do a; done", False, False, "a loop"),
    ("set -e; eval x", False, False, "'eval'"),
    ("set -e; set -x; a", False, True, None),  # literal sets cannot fail
])
def test_errexit_hazard(script, on_at_start, whole, what):
    assert facts.errexit_hazard(view_of(script), on_at_start=on_at_start, whole=whole) == what


@pytest.mark.parametrize("script, expect", [
    ("a; b && c", True), ("a; ! b", True), ("a; b || c > f", True), ("a && b; c", False), ("a", False),
])
def test_last_is_list_or_negation(script, expect):
    assert facts.last_is_list_or_negation(view_of(script)) is expect


def test_assigned_and_used_names():
    f = facts_of(view_of("A=1; export B=2; for i in x; do echo $i $C; done; read -r D; : ${F:=1} $G; K=2 cmd $K"))
    assert {"A", "B", "i", "D", "F"} <= f.assigned_names and not {"C", "G", "K"} & f.assigned_names
    assert {"B", "i", "C", "F", "G", "K"} <= f.used_names and "A" not in f.used_names  # `A=1` is no use
    assert f.assigned_names is f.assigned_names


def test_has_heredoc_and_has_comment():
    assert nodes.has_heredoc(view_of("cat <<EOF > /f\nhi\nEOF")) and not nodes.has_heredoc(view_of("cat < /f"))
    assert facts.has_comment(view_of("a # b")) and not facts.has_comment(view_of("echo a#b"))


def test_part_shapes_pipeline_and_plain_statement():
    parts = facts.flatten(view_of("a | b; c > f; (d) && if x; then y; fi && e")).parts
    assert [nodes.is_pipeline(p) for p in parts] == [True, False, False, False, False]
    assert [nodes.is_plain_statement(p) for p in parts] == [True, True, False, False, True]
    assert [nodes.is_command(p) for p in parts] == [False, False, False, False, True]


def test_contains_and_commands_in():
    view = view_of("a && { b; c; } && d")
    group = facts.flatten(view).parts[1]
    assert [c.name for c in nodes.commands_in(view, group)] == ["b", "c"]
    assert [nodes.contains(group, c.node) for c in view.commands()] == [False, True, True, False]


def test_part_span_with_and_without_an_opened_redirection():
    view = view_of("a && b > f")
    flat = facts.flatten(view, open_redirects=True)
    text = view.doc.text
    s, e = facts.part_span(view, flat.parts[1], flat.ends.get(1))
    assert text[s:e] == "b > f"
    s, e = facts.part_span(view, flat.parts[1])
    assert text[s:e] == "b"


def test_tls_facts_are_positioned_in_file_order():
    script = ("apt-get install -y wget && wget https://e.com/x && echo \"deb [arch=amd64] https://e.com/d stable main\""
              " > /etc/apt/sources.list.d/x.list && apt-get update && pip install git+https://e.com/r.git -r req.txt"
              " && pip3 install --requirement=dev.txt git+ssh://git@e.com/r.git && gpg --recv-keys AB")
    v = view_of(script)
    f = facts_of(v)
    text = v.doc.text
    starts = [text.index(s) for s in ("wget https", "pip install", "pip3 install")]
    assert f.fetches == (("https", starts[0]), ("https", starts[1]), ("ssh", starts[2]))
    assert f.https_apt_sources == (text.index("deb [arch"),)
    assert f.apt_fetches == (text.index("apt-get install"), text.index("apt-get update"))
    assert f.pip_requirement_files == (("req.txt", starts[1]), ("dev.txt", starts[2]))
    assert f.fetches_keys
    plain = facts_of(view_of("echo 'deb http://e.com/d stable main' > /x.list && pip install flask && gpg --dearmor k"))
    assert plain.https_apt_sources == () and plain.fetches == () and not plain.fetches_keys
