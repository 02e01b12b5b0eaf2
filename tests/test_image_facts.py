"""What dockfix knows about base images: family, shipped users, tools installed."""

from __future__ import annotations

import pytest

from dockfix.semantic import images as im
from dockfix.semantic.model import model_of
from dockfix.syntax.cst import parse


@pytest.mark.parametrize("image,family", [
    ("python:3.12-slim", im.DEBIAN), ("node:20-alpine", im.ALPINE), ("ubuntu:22.04", im.UBUNTU),
    ("registry.access.redhat.com/ubi9/ubi-minimal:9.4", im.RHEL_MINIMAL), ("registry.access.redhat.com/ubi9/ubi", im.RHEL),
    ("fedora:40", im.RHEL), ("quay.io/centos/centos:stream9", im.RHEL), ("amazonlinux:2023", im.AMAZON),
    ("amazoncorretto:21-al2023-headless", im.AMAZON), ("amazoncorretto:17", im.AMAZON), ("amazoncorretto:17-alpine", im.ALPINE),
    ("gcr.io/distroless/static-debian12", im.DISTROLESS), ("scratch", im.SCRATCH), ("busybox:1.36", im.BUSYBOX),
    ("mcr.microsoft.com/windows/servercore:ltsc2022", im.WINDOWS), ("golang:1.22-bookworm", im.DEBIAN),
    ("docker.io/library/golang:1.22-alpine3.20", im.ALPINE), ("someorg/thing:1", im.UNKNOWN), ("${BASE}", im.UNKNOWN),
    ("eclipse-temurin:21-jre-alpine", im.ALPINE), ("eclipse-temurin:21-jre", im.UBUNTU),
    ("nvcr.io/nvidia/pytorch:24.05-py3", im.UBUNTU), ("mcr.microsoft.com/devcontainers/base:bookworm", im.DEBIAN),
    # Ubuntu apart from Debian: the official image, release names in tags, Ubuntu-based repositories
    ("public.ecr.aws/ubuntu/ubuntu:24.04", im.UBUNTU), ("eclipse-temurin:21-jdk-jammy", im.UBUNTU),
    ("nvidia/cuda:12.4.1-runtime-ubuntu22.04", im.UBUNTU), ("mcr.microsoft.com/dotnet/sdk:8.0-noble", im.UBUNTU),
    ("mcr.microsoft.com/devcontainers/base:ubuntu", im.UBUNTU), ("ubuntu/nginx:1.24-24.04_beta", im.UBUNTU),
    ("node:20-bookworm-slim", im.DEBIAN), ("mcr.microsoft.com/dotnet/sdk:8.0", im.DEBIAN), ("debian:trixie", im.DEBIAN),
    # chiseled: no shell, no package manager, whatever release the tag names
    ("mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled", im.CHISELED),
    ("mcr.microsoft.com/dotnet/runtime-deps:9.0-noble-chiseled-extra", im.CHISELED),
    ("ubuntu/python:3.12-24.04_stable", im.CHISELED), ("ubuntu/dotnet-aspnet:8.0-24.04_stable", im.CHISELED),
    ("ubuntu/chiselled-jre:8_edge", im.CHISELED), ("ubuntu/prometheus:2", im.UNKNOWN), ("jpillora/chisel:1.10", im.UNKNOWN),
])
def test_family_of_image(image, family):
    assert im.family_of_image(image) == family


@pytest.mark.parametrize("family,apt,shell", [
    (im.DEBIAN, True, True), (im.UBUNTU, True, True), (im.ALPINE, False, True), (im.RHEL, False, True),
    (im.CHISELED, False, False), (im.DISTROLESS, False, False), (im.SCRATCH, False, False),
    (im.WINDOWS, False, None), (im.UNKNOWN, False, None),
])
def test_family_predicates(family, apt, shell):
    assert im.uses_apt(family) is apt
    assert im.has_shell(family) is shell


@pytest.mark.parametrize("image,release", [
    ("ubuntu:14.04", (14, 4)), ("ubuntu:trusty-20191217", (14, 4)), ("ubuntu:16.04", (16, 4)),
    ("nvidia/cuda:11.8.0-base-ubuntu20.04", (20, 4)), ("eclipse-temurin:17-jre-focal", (20, 4)),
    ("ubuntu:latest", None), ("nvcr.io/nvidia/pytorch:24.05-py3", None), ("ubuntu:${V}", None),
])
def test_ubuntu_release(image, release):
    assert im.ubuntu_release(image) == release


def test_stage_family_through_args_and_stage_names():
    doc = parse("ARG BASE=ubuntu:24.04\nARG RT=mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\n"
                "FROM ${BASE} AS build\nRUN apt-get update\nFROM build AS test\nFROM ${RT}\nCOPY --from=build /app /app\n")
    m = model_of(doc)
    assert [m.family(st) for st in doc.stages] == [im.UBUNTU, im.UBUNTU, im.CHISELED]
    assert m.ubuntu_release(doc.stages[1]) == (24, 4)
    assert m.ubuntu_release(doc.stages[2]) is None  # chiseled: not asked as Ubuntu
    assert m.busybox_userland(doc.stages[0]) is False


_CHISELED_FINALS = [
    "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\n"
    "RUN dotnet publish -c Release -o /app\n"
    "FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\nWORKDIR /app\nCOPY --from=build /app .\n"
    "EXPOSE 8080\nENTRYPOINT dotnet app.dll\n",
    "FROM python:3.12 AS build\nRUN pip install --target /deps flask | tee log\nCOPY app.py /app/\n"
    "FROM ubuntu/python:3.12-24.04_stable\nCOPY --from=build /deps /deps\nCOPY --from=build /app /app\n"
    "ENV PYTHONPATH=/deps\nEXPOSE 8000\nCMD python3 /app/app.py\n",
]


@pytest.mark.parametrize("source", _CHISELED_FINALS)
def test_no_transform_adds_a_run_to_a_chiseled_stage(source):
    from fixcase import result

    from dockfix.fixing import registry

    out = result(source, tuple(registry.load_all()), unsafe=True).output
    final = parse(out).stages[-1]
    assert im.family_of_image(final.image) == im.CHISELED
    assert [ins.cmd for ins in final.instructions if ins.cmd in ("RUN", "SHELL")] == []


def test_shipped_users():
    assert im.shipped_user("node:20") == ("node", "node")
    assert im.shipped_user("gcr.io/distroless/base-debian12") == ("nonroot", "nonroot")
    assert im.shipped_user("python:3.12") is None
    assert im.shipped_user("mcr.microsoft.com/devcontainers/base:ubuntu") == ("vscode", "vscode")
    assert im.nonroot_by_default("gcr.io/distroless/static:nonroot")
    assert not im.nonroot_by_default("gcr.io/distroless/static")


def test_family_from_commands_and_stages():
    doc = parse("FROM corp/base:1 AS b\nRUN apk add --no-cache git\nFROM b\nCMD x\n")
    assert model_of(doc).family(doc.stages[1]) == im.ALPINE
    doc = parse("FROM corp/base:1\nRUN yum install -y git\n")
    assert model_of(doc).family(doc.stages[0]) == im.RHEL


def test_tool_known():
    doc = parse("FROM debian:12\nRUN apt-get update && apt-get install -y curl\nADD https://x/y.tgz /tmp/\n")
    assert model_of(doc).tool_installed_before(doc.instructions[-1], "curl")
    assert not model_of(doc).tool_installed_before(doc.instructions[-1], "wget")
    doc = parse("FROM debian:12\nADD https://x/y.tgz /tmp/\n")
    assert not model_of(doc).tool_installed_before(doc.instructions[-1], "curl")
    doc = parse("FROM alpine:3\nADD https://x/y.tgz /tmp/\n")
    assert model_of(doc).tool_installed_before(doc.instructions[-1], "wget")


def test_runtime_libraries_table_is_bookworms():
    from dockfix.semantic import images as im

    assert im.runtime_libraries("libpq-dev", "bookworm") == ("libpq5",)
    assert im.runtime_libraries("python3-dev", "bookworm") == () == im.runtime_libraries("python3-dev", None)
    assert im.runtime_libraries("libpq-dev", "trixie") is None  # renamed libraries (t64): not this table
    assert im.runtime_libraries("libnothing-dev", "bookworm") is None


@pytest.mark.parametrize("image,user", [
    ("node:20", "node"), ("node:6.9.2", "node"), ("node:6", "node"), ("node:4.6.2", "node"), ("node:7.2.0", "node"),
    ("node:6.1.0", None), ("node:6.9.1", None), ("node:5.1", None), ("node:0.12", None), ("node:7.1", None),
])
def test_node_images_ship_their_user_since_late_2016(image, user):
    # node:6.1.0 predates the `node` user (review of seed 20261206, 020): USER 1000 would have no
    # passwd entry there
    got = im.shipped_user(image)
    assert (got[0] if got else None) == user
