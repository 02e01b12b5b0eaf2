"""The semantic model: stage chains, base images, families, WORKDIR/USER at
an instruction, shipped and builder stages (``dockfix.semantic.model``)."""

import pytest

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import fix_text
from dockfix.semantic import images as im
from dockfix.semantic.model import model_of
from dockfix.syntax.cst import parse

ARG_BASE = "ARG BASE=build\nFROM alpine:3.19 AS build\nRUN echo hi\n\nFROM ${BASE}\nRUN wget -q https://example.com/x.tgz\n"


def _ins(doc, cmd, n=0):
    return [i for i in doc.instructions if i.cmd == cmd][n]


def test_chain_follows_stage_names_and_global_args():
    doc = parse("ARG BASE=build\nFROM debian:12 AS build\nFROM build AS mid\nFROM ${BASE} AS viaarg\nFROM mid\n")
    m = model_of(doc)
    s = doc.stages
    assert [x.index for x in m.chain(s[3])] == [3, 1, 0]
    assert [x.index for x in m.chain(s[2])] == [2, 0]
    assert m.root(s[2]) is s[0] and m.parent(s[0]) is None
    assert m.base_image(s[3]) == "debian:12"
    assert m.built_on(s[0]) == [s[1], s[2], s[3]]


def test_a_stage_arg_is_not_a_global_one():
    # an ARG after the first FROM is not usable in a later FROM line
    doc = parse("FROM alpine:3 AS build\nARG BASE=build\nFROM ${BASE}\n")
    m = model_of(doc)
    assert m.parent(doc.stages[1]) is None and m.base_image(doc.stages[1]) is None
    assert m.family(doc.stages[1]) == im.UNKNOWN


def test_arg_base_alpine_stage_has_the_alpine_family():
    doc = parse(ARG_BASE)
    m = model_of(doc)
    assert m.family(doc.stages[1]) == im.ALPINE
    assert m.busybox_userland(doc.stages[1]) is True


def test_arg_base_alpine_case_through_a_transform():
    # the non-root account is made with busybox's addgroup/adduser; before the
    # model the family of the FROM ${BASE} stage was unknown and the fix refused
    # (a program to run: without CMD/ENTRYPOINT the image is a base image, refused)
    out = fix_text(ARG_BASE + 'CMD ["/x"]\n', None, Settings(select=("non-root-user",), unsafe_fixes=True)).output
    assert "addgroup -S -g 10001 app && adduser -S -u 10001 -G app app" in out
    assert out.rstrip().endswith('USER 10001:10001\nCMD ["/x"]')


@pytest.mark.parametrize("image, family", [
    ("debian:12", im.DEBIAN), ("ubuntu:24.04", im.UBUNTU), ("python:3.12-slim", im.DEBIAN),
    ("alpine:3.20", im.ALPINE), ("node:20-alpine", im.ALPINE),
    ("registry.access.redhat.com/ubi9/ubi", im.RHEL), ("rockylinux:9", im.RHEL), ("fedora:40", im.RHEL),
    ("ubi9/ubi-minimal", im.RHEL_MINIMAL), ("amazonlinux:2023", im.AMAZON),
    ("gcr.io/distroless/static", im.DISTROLESS), ("scratch", im.SCRATCH),
    ("mcr.microsoft.com/windows/servercore:ltsc2022", im.WINDOWS), ("corp/thing:1", im.UNKNOWN),
])
def test_family_of_each_kind(image, family):
    doc = parse(f"FROM {image}\nCMD x\n")
    assert model_of(doc).family(doc.stages[0]) == family


def test_family_from_package_managers_and_minimal_rhel():
    doc = parse("FROM corp/base:1 AS b\nRUN apk add --no-cache git\nFROM b\n")
    assert model_of(doc).family(doc.stages[1]) == im.ALPINE
    doc = parse("FROM fedora:40\nRUN microdnf install -y git\n")
    assert model_of(doc).family(doc.stages[0]) == im.RHEL_MINIMAL
    doc = parse("FROM corp/base:1\nRUN yum install -y wget\n")
    assert model_of(doc).busybox_userland(doc.stages[0]) is False


def test_workdir_relative_variables_and_inherited():
    doc = parse("FROM golang:1.22 AS b\nWORKDIR src\nENV D=/opt/x\nWORKDIR $D\nWORKDIR ../y\nRUN a\n"
                "FROM b\nRUN c\nWORKDIR z\nRUN d\n")
    m = model_of(doc)
    runs = [i for i in doc.instructions if i.cmd == "RUN"]
    assert m.workdir_at(_ins(doc, "WORKDIR", 1)) == "/go/src"  # golang's WORKDIR is /go
    assert m.workdir_at(runs[0]) == "/opt/y"
    assert m.workdir_at(runs[1]) == "/opt/y"  # inherited from the stage it is built FROM
    assert m.workdir_at(runs[2]) == "/opt/y/z"
    assert m.workdir_after(doc.stages[1]) == "/opt/y/z"
    assert m.workdir_state(runs[1]).set_by is _ins(doc, "WORKDIR", 2)
    assert {"/go/src", "/opt/x", "/opt/y"} <= m.workdir_state(runs[1]).made


def test_workdir_unknown():
    m_doc = parse("FROM corp/img:1\nRUN a\nWORKDIR rel\nRUN b\nWORKDIR /abs\nRUN c\n")
    m = model_of(m_doc)
    runs = [i for i in m_doc.instructions if i.cmd == "RUN"]
    assert m.workdir_at(runs[0]) is None  # an external image's WORKDIR is not known
    assert m.workdir_at(runs[1]) is None  # relative to it: still unknown
    assert m.workdir_at(runs[2]) == "/abs"
    # an ARG default can be overridden by a build argument: not a fixed value
    doc = parse("FROM debian:12\nARG D=/x\nWORKDIR $D\nRUN a\n")
    assert model_of(doc).workdir_at(_ins(doc, "RUN")) is None
    doc = parse("FROM debian:12\nRUN a\n")
    assert model_of(doc).workdir_at(_ins(doc, "RUN")) == "/"


def test_user_at_instructions():
    doc = parse("FROM debian:12 AS b\nRUN a\nUSER app\nFROM b\nRUN b\nUSER root\nRUN c\n")
    m = model_of(doc)
    runs = [i for i in doc.instructions if i.cmd == "RUN"]
    assert m.user_at(runs[0]) is None  # the base image's user
    assert m.user_at(runs[1]) == "app"
    assert m.user_at(runs[2]) == "root"
    assert m.user_after(doc.stages[0])[0] == "app" and m.user_after(doc.stages[1])[0] == "root"


def test_scope_at_delegates_to_variables():
    doc = parse("ARG V=1\nFROM debian:12\nARG V\nENV E=$V-x\nRUN a\n")
    assert model_of(doc).scope_at(_ins(doc, "RUN")) == {"V": "1", "E": "1-x"}


def test_ships_and_builders():
    doc = parse("FROM golang:1.22 AS build\nRUN go build\n"
                "FROM debian:12 AS assets\nRUN make\n"
                "FROM debian:12 AS unused\n"
                "FROM alpine:3 AS base\n"
                "FROM base\nCOPY --from=build /out /app\nRUN --mount=type=bind,from=assets,target=/a cp -r /a /srv\n")
    m = model_of(doc)
    build, assets, unused, base, final = doc.stages
    assert m.ships(final) and m.ships(base)
    assert not m.ships(build) and m.is_builder(build) and m.is_builder(assets)
    assert not m.ships(unused) and not m.is_builder(unused)
    assert not m.is_builder(base) and not m.is_builder(final)


def test_the_model_is_shared_and_cached():
    doc = parse(ARG_BASE)
    assert model_of(doc) is model_of(doc)
    assert model_of(doc).chain(doc.stages[1]) == model_of(doc).chain(doc.stages[1])


def test_package_manager_overrides_a_misleading_image_name():
    # linuxserver/nginx is Alpine, though its name ends like the Debian-based official nginx
    doc = parse("FROM linuxserver/nginx\nRUN apk add --no-cache wget\n")
    assert model_of(doc).family(doc.stages[0]) == im.ALPINE
    doc = parse("FROM alpine:3.20\nRUN apk add dpkg && dpkg --print-architecture\n")
    assert model_of(doc).family(doc.stages[0]) == im.ALPINE
    # an official image's name is trusted over a conditional apk (multi-distribution scripts)
    doc = parse("ARG IMAGE=debian:10\nFROM ${IMAGE}\nRUN if [ -f /etc/alpine-release ]; then apk add bash; fi\n")
    assert model_of(doc).family(doc.stages[0]) == im.DEBIAN
