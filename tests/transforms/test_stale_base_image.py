"""stale-base-image: FROM tags the Docker Official Images no longer rebuild, or never published."""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixcase import assert_fix, assert_noop, result

from dockfix.fixing.edit import DISPLAY_ONLY, UNSAFE
from dockfix.semantic import official_images as oi

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT.parent / "shared" / "official-images" / "tags.tsv"


def _tool():
    spec = importlib.util.spec_from_file_location("official_images_data", ROOT / "tools" / "official_images_data.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


tool = _tool()


def rows(*specs: str):
    """``repo tag last current [group]`` lines -> the tool's rows (an invented record)."""
    out = []
    for s in specs:
        repo, tag, last, cur, *group = s.split()
        out.append(tool.Row(repo, tag, "2015-01-01", last, cur == "1", "amd64,arm64v8" if cur == "1" else "",
                            group[0] if group else ""))
    return out


INVENTED = rows(
    "node 16 2023-09-11 0", "node 16-slim 2023-09-11 0", "node 16-buster-slim 2023-09-11 0",
    "node 18-slim 2025-05-28 0", "node 18-bullseye-slim 2025-05-28 0", "node hydrogen-alpine 2025-05-28 0",
    "node 22 2026-08-21 1 1", "node 22-slim 2026-08-21 1 2", "node 22-bullseye-slim 2026-08-21 1 3",
    "node 24 2026-08-21 1 4", "node lts 2026-08-21 1 4", "node krypton 2026-08-21 1 4",
    "node 24-slim 2026-08-21 1 5", "node lts-slim 2026-08-21 1 5", "node 24-bullseye-slim 2026-08-21 1 6",
    "node krypton-alpine 2026-08-21 1 7",
    "node 26 2026-08-21 1 8", "node latest 2026-08-21 1 8", "node 26-slim 2026-08-21 1 9",
    "python 3.7 2023-10-02 0", "python 3.11.4 2023-08-25 0", "python 3.11.4-slim-buster 2023-08-25 0", "python 3.11.4-slim 2023-08-25 0",
    "python 3.11 2026-08-21 1 1", "python 3.11.16 2026-08-21 1 1", "python 3.11-slim 2026-08-21 1 2",
    "python 3.11.16-slim 2026-08-21 1 2", "python 3.13 2026-08-21 1 3", "python 3.13.9 2026-08-21 1 3",
    "python latest 2026-08-21 1 3", "python 3 2026-08-21 1 3", "python 3.13-slim 2026-08-21 1 4",
    "debian buster 2024-07-01 0", "debian buster-slim 2024-07-01 0", "debian bookworm-20240110 2024-01-30 0",
    "debian trixie 2026-08-21 1 1", "debian 13 2026-08-21 1 1", "debian latest 2026-08-21 1 1",
    "debian trixie-slim 2026-08-21 1 2", "debian bookworm 2026-08-21 1 3", "debian 12 2026-08-21 1 3",
    "debian bookworm-20260803 2026-08-21 1 3", "debian bookworm-slim 2026-08-21 1 4",
    "centos 7 2024-07-01 0", "geonetwork 3-h2 2016-10-04 0",
)


@pytest.fixture
def invented(monkeypatch):
    fake = oi.OfficialImages(tool.compact(INVENTED, "invented"))
    monkeypatch.setattr(oi, "data", lambda: fake)
    return fake


# ---- the data and its tool ---------------------------------------------------------------------

def test_compact_form_round_trips(invented):
    for r in INVENTED:
        st = invented.status(r.repository, r.tag)
        assert st.kind == ("current" if r.current else "dropped")
        if not r.current:
            assert st.last_listed == r.last_listed
        else:
            group = {x.tag for x in INVENTED if x.repository == r.repository and x.alias_group == r.alias_group}
            assert set(invented.repository(r.repository).aliases(r.tag)) == group
            assert invented.repository(r.repository).architectures(r.tag) == ("amd64", "arm64v8")
    assert invented.status("node", "18").kind == "unknown"  # never listed
    assert invented.status("nosuchimage", "1").kind == "unknown"
    assert invented.date == "2026-08-21" and invented.source == "invented"
    assert tool.compact(INVENTED, "invented") == tool.compact(list(reversed(INVENTED)), "invented")


def test_shipped_data_is_small_dated_and_lazy():
    path = ROOT / "dockfix" / "data" / "official_images.dat"
    assert path.stat().st_size < 400_000
    d = oi.data()
    assert len(d.date) == 10 and oi.data_date() == d.date and "official-images" in d.source
    assert {"python", "node", "debian"} <= d.repositories


@pytest.mark.skipif(not RECORD.is_file(), reason="the Official Images record is not here")
def test_shipped_data_agrees_with_the_record():
    d = oi.data()
    with open(RECORD, encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f, delimiter="\t"):
            if not tool.VALID_TAG.match(rec["tag"]):
                continue  # "1.1.0rc1 1.1rc1": a broken manifest line, no FROM can name it
            st = d.status(rec["repository"], rec["tag"])
            if rec["current"] == "1":
                assert st.kind == "current", rec
                assert ",".join(d.repository(rec["repository"]).architectures(rec["tag"])) == rec["architectures"]
            else:
                assert (st.kind, st.last_listed) == ("dropped", rec["last_listed"]), rec


def test_tool_reads_a_checkout(tmp_path):
    repo = tmp_path / "official-images"
    (repo / "library").mkdir(parents=True)

    def commit(text: str, date: str) -> None:
        (repo / "library" / "demo").write_text(text)
        env = {**os.environ, "GIT_AUTHOR_DATE": f"{date}T12:00:00Z", "GIT_COMMITTER_DATE": f"{date}T12:00:00Z",
               "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
        subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
        subprocess.run(["git", "-C", str(repo), "commit", "-qm", date], check=True, env=env)

    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    commit("# old format\n1.0: git://github.com/x/demo@abc 1.0\nlatest: git://github.com/x/demo@abc 1.0\n", "2016-01-02")
    commit("Maintainers: x\n\nTags: 1.0, 1\nArchitectures: amd64\nGitCommit: abc\n\n"
           "Tags: 2.0, 2, latest\nArchitectures: amd64, arm64v8\nGitCommit: def\n", "2020-05-06")
    commit("Maintainers: x\n\nTags: 2.0, 2, latest\nArchitectures: amd64, arm64v8\nGitCommit: def\n", "2024-03-04")
    got = {(r.tag): r for r in tool.read_checkout(str(repo))}
    assert set(got) == {"1.0", "1", "2.0", "2", "latest"}
    assert (got["1.0"].first_listed, got["1.0"].last_listed, got["1.0"].current) == ("2016-01-02", "2020-05-06", False)
    assert (got["latest"].first_listed, got["latest"].current, got["latest"].architectures) == \
        ("2016-01-02", True, "amd64,arm64v8")
    assert got["2"].alias_group == got["latest"].alias_group and got["2"].last_listed == "2024-03-04"


# ---- successors (invented record) ---------------------------------------------------------------

@pytest.mark.parametrize("image,successor,same_line", [
    ("node:18-slim", "24-slim", False),  # the LTS line (`lts` alias), not the newest (26)
    ("node:16", "24", False),
    ("node:18-bullseye-slim", "24-bullseye-slim", False),  # the same suite while it is built
    ("node:16-buster-slim", "24-slim", False),  # else the variant's default suite
    ("node:hydrogen-alpine", "krypton-alpine", False),  # LTS code names
    ("python:3.7", "3.13", False),  # the line `latest` names
    ("python:3.7.2", "3.13.9", False),
    ("node:16.20.2-slim", "24-slim", False),  # no 3-part -slim tag is maintained: a coarser one
    ("python:3.11.4-slim", "3.11.16-slim", True),  # a patch release of the same minor line
    ("python:3.11.4-slim-buster", "3.11.16-slim", False),  # ... but on another suite: the user's call
    ("debian:buster-slim", "trixie-slim", False),  # the suite `latest` names
    ("debian:bookworm-20240110", "bookworm-20260803", False),
    ("centos:7", None, False),  # deprecated: nothing maintained
])
def test_successor(invented, image, successor, same_line):
    ref = oi.official_ref(image)
    got = oi.successor(ref.repo, ref.tag)
    if successor is None:
        assert got is None
    else:
        assert (got.tag, got.same_line) == (successor, same_line)
        assert invented.status(ref.repo, got.tag).kind == "current"


def test_latest_names_its_version_line(invented):
    assert oi.version_of("python", "latest") == "3.13"  # python:3 is the only major: one line, not a pin
    assert oi.version_of("node", "latest") == "26"
    assert oi.version_of("debian", "latest") == "13"


@pytest.mark.parametrize("image,repo", [
    ("python:3.7", "python"), ("docker.io/library/python:3.7", "python"), ("library/python", "python"),
    ("arm64v8/python:3.7", "python"), ("public.ecr.aws/docker/library/python:3.7", "python"),
    ("mirror.gcr.io/library/python:3.7", "python"), ("myorg/python:3.7", None), ("ghcr.io/python:3.7", None),
    ("notanofficialimage:1", None), ("${BASE}", None), ("Python:3.7", None),
])
def test_official_ref(image, repo):
    ref = oi.official_ref(image)
    assert (ref.repo if ref else None) == repo


# ---- the transform (the shipped record) ---------------------------------------------------------

def stale(source: str, **kw):
    return [f for f in result(source, "stale-base-image", **kw).remaining]


def test_stale_tag_reported_with_its_date_and_successor():
    [f] = stale("FROM node:18-slim\nCMD [\"node\", \"app.js\"]\n", unsafe=True)
    d = oi.data()
    last = d.status("node", "18-slim").last_listed
    succ = oi.successor("node", "18-slim")
    assert f.message.startswith(f"FROM node:18-slim: node:18-slim has not been rebuilt since {last} (no security fixes)")
    assert f"maintained: node:{succ.tag}" in f.message and int(succ.tag.split("-")[0]) % 2 == 0  # an LTS
    assert f.fix.applicability == DISPLAY_ONLY and f.fix.edits[0].content == succ.tag


def test_same_minor_line_is_unsafe_and_applied_with_unsafe_fixes():
    succ = oi.successor("python", "3.11.4")
    assert succ.same_line and succ.tag.startswith("3.11.")
    assert_fix("FROM python:3.11.4\nRUN pip install flask\n", f"FROM python:{succ.tag}\nRUN pip install flask\n",
               "stale-base-image")
    [f] = stale("FROM python:3.11.4\n", unsafe=False)
    assert f.fix.applicability == UNSAFE


def test_maintained_and_floating_tags_are_fine():
    current = [t for t in ("3.13-slim", "3.12", "latest") if oi.data().status("python", t).kind == "current"]
    assert current
    src = "".join(f"FROM python:{t}\n" for t in current) + "FROM python\nFROM node:lts-alpine\n"
    assert stale(src) == []


def test_arg_default_holding_the_whole_reference_is_changed_there():
    succ = oi.successor("debian", "buster-slim")
    src = "ARG BASE=debian:buster-slim\nFROM ${BASE}\nRUN true\n"
    [f] = stale(src)
    assert "FROM ${BASE} (= debian:buster-slim by default): debian:buster-slim has not" in f.message
    assert f.fix.applicability == DISPLAY_ONLY
    [e] = f.fix.edits
    assert src[:e.start] + e.content + src[e.end:] == f"ARG BASE=debian:{succ.tag}\nFROM ${{BASE}}\nRUN true\n"


def test_arg_default_inside_the_reference_is_reported_not_changed():
    [f] = stale("ARG PY=3.7\nFROM python:${PY}-slim\n")
    assert "python:3.7-slim has not been rebuilt" in f.message and f.fix is None
    assert "build arguments" in f.refused


def test_quoted_arg_reference_is_the_unquoted_image():
    [f] = stale('ARG TAG=3.7\nFROM python:"${TAG}"\n')
    assert "python:3.7 has not been rebuilt" in f.message


def test_digest_pinned_is_reported_not_changed():
    src = "FROM python:3.7@sha256:" + "a" * 64 + "\n"
    [f] = stale(src)
    assert f.fix is None and "pinned by digest" in f.refused


def test_unknown_tag_with_the_closest_current_tag():
    [f] = stale("FROM python:3.12-slimm\n")
    assert "is not a tag the Docker Official Images ever published" in f.message
    assert "did you mean python:3.12-slim?" in f.message and f.fix.applicability == DISPLAY_ONLY
    [g] = stale("FROM python:zzz-qqq-1\n")
    assert g.fix is None and g.refused


def test_non_official_images_stages_and_variables_are_left_alone():
    src = ("ARG IMG\nFROM myorg/python:3.7 AS a\nFROM ghcr.io/x/node:16\nFROM a\nFROM ${IMG}\nFROM scratch\n"
           "FROM mcr.microsoft.com/dotnet/sdk:2.1\n")
    assert stale(src) == []


def test_mirrors_and_architecture_namespaces_are_the_same_image():
    for image in ("public.ecr.aws/docker/library/python:3.7", "arm64v8/python:3.7", "docker.io/library/python:3.7"):
        [f] = stale(f"FROM {image}\n")
        assert "python:3.7 has not been rebuilt" in f.message and f.fix.edits[0].content == oi.successor("python", "3.7").tag


def test_idempotent_after_the_unsafe_fix():
    out = result("FROM python:3.11.4-slim\n", "stale-base-image", unsafe=True).output
    assert_noop(out, "stale-base-image")


def test_node_without_an_lts_tag_takes_the_newest_even_major(monkeypatch):
    record = [r for r in INVENTED if not (r.repository == "node" and r.alias_group in ("4", "5", "8", "9"))]
    record += rows("node 24 2026-08-21 1 4", "node 24-slim 2026-08-21 1 5", "node 25 2026-08-21 1 8",
                   "node latest 2026-08-21 1 8", "node 25-slim 2026-08-21 1 9")
    fake = oi.OfficialImages(tool.compact(record, "invented"))
    monkeypatch.setattr(oi, "data", lambda: fake)
    assert not fake.repository("node").aliases("lts")
    assert oi.successor("node", "18-slim").tag == "24-slim"


def test_successor_must_be_built_for_the_platform_asked_for():
    succ = oi.successor("python", "3.7")
    arches = oi.data().repository("python").architectures(succ.tag)
    [f] = stale("FROM --platform=linux/arm64 python:3.7\n")
    assert ("arm64v8" in arches) == (f.fix is not None)
    [g] = stale("FROM --platform=linux/mips64le python:3.7\n")
    assert "mips64le" not in arches and g.fix is None and "not built for mips64le" in g.refused
    [h] = stale("FROM mips64le/python:3.7\n")
    assert h.fix is None and "not built for mips64le" in h.refused
