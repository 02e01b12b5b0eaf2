"""What dockfix knows about base images: family, shipped users, tools installed."""

from __future__ import annotations

import pytest

from dockfix.semantic import images as im
from dockfix.semantic.model import model_of
from dockfix.syntax.cst import parse


@pytest.mark.parametrize("image,family", [
    ("python:3.12-slim", im.DEBIAN), ("node:20-alpine", im.ALPINE), ("ubuntu:22.04", im.DEBIAN),
    ("registry.access.redhat.com/ubi9/ubi-minimal:9.4", im.RHEL_MINIMAL), ("registry.access.redhat.com/ubi9/ubi", im.RHEL),
    ("fedora:40", im.RHEL), ("quay.io/centos/centos:stream9", im.RHEL), ("amazonlinux:2023", im.AMAZON),
    ("gcr.io/distroless/static-debian12", im.DISTROLESS), ("scratch", im.SCRATCH), ("busybox:1.36", im.BUSYBOX),
    ("mcr.microsoft.com/windows/servercore:ltsc2022", im.WINDOWS), ("golang:1.22-bookworm", im.DEBIAN),
    ("docker.io/library/golang:1.22-alpine3.20", im.ALPINE), ("someorg/thing:1", im.UNKNOWN), ("${BASE}", im.UNKNOWN),
    ("eclipse-temurin:21-jre-alpine", im.ALPINE), ("eclipse-temurin:21-jre", im.DEBIAN),
    ("nvcr.io/nvidia/pytorch:24.05-py3", im.DEBIAN), ("mcr.microsoft.com/devcontainers/base:bookworm", im.DEBIAN),
])
def test_family_of_image(image, family):
    assert im.family_of_image(image) == family


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
