"""dockfix -i through a real pseudo-terminal (pexpect): y/n/a/d/s/q, e/?, Ctrl-C, unsafe, non-tty.

The sessions run ``maintainer-to-label`` plus two transforms defined by the
driver script below (so the tests do not depend on the other transforms):
``test-jane`` (safe: ``Jane`` -> ``JANE``, its region overlaps the
MAINTAINER fix, so it must be recomputed after that one is applied) and
``test-workdir`` (unsafe: ``WORKDIR app`` -> ``WORKDIR /app``).
"""

import os
import re
import subprocess
import sys

import pexpect
import pytest

DRIVER = r'''
import re, sys
from dockfix.fixing.edit import Edit, Fix
from dockfix.fixing.registry import Transform


class Jane(Transform):
    name = "test-jane"
    code = "DF990"
    summary = "Shout Jane"
    explanation = "What: Jane becomes JANE. Fix safety: safe (test transform)."

    def check(self, ctx):
        for ins in ctx.doc.instructions:
            for m in re.finditer("Jane", ctx.doc.text[ins.start:ins.end]):
                a = ins.start + m.start()
                yield ctx.finding(self, (a, a + 4), "Jane is too quiet", fix=Fix.safe(Edit(a, a + 4, "JANE")))


class Workdir(Transform):
    name = "test-workdir"
    code = "DF991"
    summary = "Absolute WORKDIR"
    explanation = "What: WORKDIR app becomes WORKDIR /app. Fix safety: unsafe (test transform)."

    def check(self, ctx):
        for ins in ctx.doc.instructions:
            if ins.cmd == "WORKDIR" and not ins.args.startswith("/"):
                yield ctx.finding(self, ins, "relative WORKDIR", fix=Fix.unsafe(Edit(ins.args_start, ins.args_start, "/")))


class Flip(Transform):
    name = "test-flip"
    code = "DF993"
    summary = "alpha to beta"
    explanation = "What: test transform that test-flop undoes. Fix safety: safe."
    a, b = "alpha", "beta"

    def check(self, ctx):
        i = ctx.doc.text.find(self.a)
        if i >= 0:
            yield ctx.finding(self, (i, i + len(self.a)), f"{self.a} found",
                              fix=Fix.safe(Edit(i, i + len(self.a), self.b)))


class Flop(Flip):
    name = "test-flop"
    code = "DF994"
    summary = "beta to alpha"
    a, b = "beta", "alpha"


from dockfix.app.cli import main
sys.exit(main())
'''

A = b"FROM alpine\nMAINTAINER Jane <j@x>\nWORKDIR app\nMAINTAINER Bob\n"
B = b"FROM debian\nMAINTAINER Ann\n"
SEL = "maintainer-to-label,test-jane,test-workdir"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def work(tmp_path):
    (tmp_path / "driver.py").write_text(DRIVER)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "Dockerfile").write_bytes(A)
    (tmp_path / "b" / "Dockerfile").write_bytes(B)
    return tmp_path


def spawn(work, *args, env=None, select=SEL):
    e = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", NO_COLOR="1")
    e.update(env or {})
    child = pexpect.spawn(sys.executable, [str(work / "driver.py"), "-i", "--select", select, *args, "a", "b"],
                          cwd=str(work), env=e, timeout=60, dimensions=(60, 200), encoding="utf-8",
                          codec_errors="replace")
    return child


def answer(child, key, expect="Apply this fix"):
    """Wait for the prompt, return what was shown before it, then press ``key``."""
    child.expect(expect)
    shown = ANSI.sub("", child.before)
    child.send(key)
    if key in "ynads":  # the prompt is drawn once more when answered; wait for the outcome line
        child.expect(f"{key}: (applied|skipped)")
    return shown


def finish(child):
    child.expect(pexpect.EOF)
    rest = ANSI.sub("", child.before)
    child.close()
    return rest, child.exitstatus


def read(work, d):
    return (work / d / "Dockerfile").read_bytes()


def test_yes_no_and_recomputed_fix(work):
    c = spawn(work)
    shown = answer(c, "y")
    assert "a/Dockerfile:2:1: maintainer-to-label (DF001)" in shown and "+LABEL" in shown
    # test-jane's region was rewritten by the fix just applied: it is recomputed on the new line
    shown = answer(c, "y")
    assert "test-jane" in shown
    assert '-LABEL org.opencontainers.image.authors="Jane <j@x>"' in shown
    assert '+LABEL org.opencontainers.image.authors="JANE <j@x>"' in shown
    shown = answer(c, "n")
    assert "a/Dockerfile:4:1: maintainer-to-label" in shown
    shown = answer(c, "n")  # b/Dockerfile
    assert "b/Dockerfile:2:1" in shown and "wrote a/Dockerfile" in shown
    rest, code = finish(c)
    assert code == 0
    assert read(work, "a") == b'FROM alpine\nLABEL org.opencontainers.image.authors="JANE <j@x>"\nWORKDIR app\nMAINTAINER Bob\n'
    assert read(work, "b") == B
    assert "Applied 2 fixes, skipped 2; 1 file written." in rest
    assert "maintainer-to-label: applied 1, skipped 2" in rest and "test-jane: applied 1, skipped 0" in rest


def test_a_applies_rest_of_file_and_d_skips_rest(work):
    c = spawn(work)
    answer(c, "a")  # everything in a/ without further questions
    shown = answer(c, "d")
    assert "b/Dockerfile:2:1" in shown and shown.count("Apply this fix") == 0
    rest, code = finish(c)
    assert code == 0
    assert read(work, "a") == (b'FROM alpine\nLABEL org.opencontainers.image.authors="JANE <j@x>"\nWORKDIR app\n'
                               b'LABEL org.opencontainers.image.authors="Bob"\n')
    assert read(work, "b") == B
    assert "Applied 3 fixes, skipped 1; 1 file written." in rest


def test_s_applies_the_same_transform_everywhere(work):
    c = spawn(work)
    answer(c, "s")  # maintainer-to-label from now on, in every file
    shown = answer(c, "n")  # test-jane is still asked
    assert "test-jane" in shown
    rest, code = finish(c)
    assert code == 0
    assert read(work, "a") == (b'FROM alpine\nLABEL org.opencontainers.image.authors="Jane <j@x>"\nWORKDIR app\n'
                               b'LABEL org.opencontainers.image.authors="Bob"\n')
    assert read(work, "b") == b'FROM debian\nLABEL org.opencontainers.image.authors="Ann"\n'
    assert "maintainer-to-label: applied 3, skipped 0" in rest


def test_q_keeps_done_files_and_leaves_current_untouched(work):
    c = spawn(work)
    answer(c, "y")
    answer(c, "q")
    rest, code = finish(c)
    assert code == 0 and "quit: a/Dockerfile left untouched" in rest
    assert read(work, "a") == A and read(work, "b") == B


def test_q_in_second_file(work):
    c = spawn(work)
    answer(c, "a")
    answer(c, "q")  # first question of b/
    rest, code = finish(c)
    assert code == 0
    assert read(work, "a") != A and b"MAINTAINER" not in read(work, "a")
    assert read(work, "b") == B


def test_ctrl_c_keeps_done_files(work):
    c = spawn(work)
    answer(c, "a")
    c.expect("Apply this fix")  # b/
    c.sendintr()
    rest, code = finish(c)
    assert code == 130 and "interrupted: b/Dockerfile left untouched" in rest
    assert b"MAINTAINER" not in read(work, "a")
    assert read(work, "b") == B


def test_explain_and_help_then_ask_again(work):
    c = spawn(work)
    answer(c, "?")
    c.expect(r"\? - print this help")
    assert "s - apply this fix and every later fix of the same transform" in c.before
    answer(c, "e")  # asked again after the help
    c.expect("Fix safety")
    assert "maintainer-to-label (DF001)" in c.before
    answer(c, "q")  # asked again after the explanation
    rest, code = finish(c)
    assert code == 0 and read(work, "a") == A


def test_unsafe_fixes_only_with_flag_and_marked(work):
    c = spawn(work)
    shown = ""
    for _ in range(4):
        shown += answer(c, "n")
    rest, code = finish(c)
    assert "test-workdir" not in shown + rest
    c = spawn(work, "--unsafe-fixes")
    answer(c, "n")
    answer(c, "n")
    shown = answer(c, "y", "Apply this fix \\(unsafe\\)")
    assert "test-workdir (DF991) [unsafe]" in shown and "+WORKDIR /app" in shown
    answer(c, "n")
    answer(c, "n")
    rest, code = finish(c)
    assert code == 0 and b"WORKDIR /app\n" in read(work, "a")


def test_colour_diff_on_a_colour_terminal(work):
    c = spawn(work, env={"NO_COLOR": ""})
    c.expect("Apply this fix")
    assert "\x1b[32m+LABEL" in c.before or re.search(r"\x1b\[[0-9;]*32m\+LABEL", c.before)
    c.send("q")
    finish(c)


def test_not_a_terminal(work):
    r = subprocess.run([sys.executable, str(work / "driver.py"), "-i", "a"], cwd=work, capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=60)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "needs a terminal" in err and "--diff" in err and "--fix" in err and "Traceback" not in err
    assert read(work, "a") == A


def test_bad_input_is_reported_and_others_processed(work):
    (work / "a" / "Dockerfile").write_bytes(b"FROM a\nRUN <<EOF\n")
    c = spawn(work)
    shown = answer(c, "y")
    assert "a/Dockerfile:2:1: error:" in shown and "b/Dockerfile:2:1" in shown
    rest, code = finish(c)
    assert code == 2 and read(work, "b") != B


def test_fixes_that_undo_each_other_stop(work):
    data = b"FROM alpine\nLABEL x=alpha\n"
    (work / "a" / "Dockerfile").write_bytes(data)
    c = spawn(work, select="test-flip,test-flop")
    answer(c, "a")  # apply everything: alpha -> beta -> alpha ... must stop
    rest, code = finish(c)
    assert code == 0 and "fixes do not converge" in rest
    assert read(work, "a") == data
