"""The engine's output check against BuildKit's limits, and large inputs."""

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import MAX_LINE_BYTES, fix_text, longest_line, select_transforms


def long_file(lines: int) -> str:
    """A one-stage file of about ``lines`` lines of ordinary instructions."""
    block = ("ENV APP_HOME=/opt/app{v}\nWORKDIR /opt/app{v}\nRUN apt-get update && apt-get install curl\n"
             "RUN cd /opt/app{v} && make\nRUN pip install requests\n")
    out = ["FROM debian:bookworm\n"]
    k = 0
    while sum(s.count("\n") for s in out) < lines:
        out.append(block.format(v=k % 7))
        k += 1
    return "".join(out)


def _install_line(length: int) -> str:
    """``FROM debian`` and an ``apt-get install`` line of ``length`` bytes."""
    head = "RUN apt-get update && apt-get install "
    pkgs = " ".join(f"pkg{i}" for i in range(length // 5))[: length - len(head) - 20]
    pkgs = pkgs[: pkgs.rfind(" ")]
    pkgs += " " + "x" * (length - len(head) - len(pkgs) - 1)
    return f"FROM debian\n{head}{pkgs}\n"


def test_a_fix_that_would_pass_the_line_limit_is_dropped():
    s = Settings(select=("apt-get-yes",))
    text = _install_line(MAX_LINE_BYTES)
    assert longest_line(text) == (2, MAX_LINE_BYTES)  # at the limit: BuildKit still reads it
    res = fix_text(text, "Dockerfile", s, select_transforms(s, None))
    assert res.output == text  # adding -y would make it too long
    assert any("over BuildKit's limit of 65535" in e and "dropped" in e for e in res.errors), res.errors
    shorter = _install_line(MAX_LINE_BYTES - 3)
    res = fix_text(shorter, "Dockerfile", s, select_transforms(s, None))
    assert " -y " in res.output and not res.errors
    assert longest_line(res.output)[1] == MAX_LINE_BYTES


def test_longest_line_counts_utf8_bytes():
    assert longest_line("a\n" + "é" * 40000 + "\nb") == (2, 80000)
    assert longest_line("abc") == (1, 3)


def test_scope_lookups_match_a_walk_of_the_stage():
    """The per-stage snapshots answer as a walk from the stage's start would."""
    from dockfix.semantic.variables import expand
    from dockfix.syntax.cst import parse

    text = ("ARG G=g\nFROM a AS one\nENV A=1\nARG G\nENV B=${A}2 C=$G\nRUN x\nENV A=3\nRUN y\n"
            "FROM one\nENV D=${B}4\nARG E=${D}5\nRUN z\n")
    doc = parse(text)
    from dockfix.semantic.variables import scope_before

    runs = [i for i in doc.instructions if i.cmd == "RUN"]
    assert scope_before(doc, runs[0]) == {"A": "1", "G": "g", "B": "12", "C": "g"}
    assert scope_before(doc, runs[1])["A"] == "3"
    assert scope_before(doc, runs[2]) == {"A": "3", "B": "12", "C": "g", "D": "124", "E": "1245"}
    scope_before(doc, runs[0])["A"] = "changed"  # a copy: the caller may change it
    assert scope_before(doc, runs[0])["A"] == "1"
    assert expand("$B", scope_before(doc, runs[1])) == "12"
