"""dockfix.semantic.usage: the mounts that usage lines and compose files show."""

from __future__ import annotations

import os

import pytest

from dockfix.semantic import usage
from dockfix.semantic.usage import BIND, UNKNOWN, VOLUME


@pytest.mark.parametrize("source, kind, cwd", [
    ("$(pwd)", BIND, True), ("${PWD}/data", BIND, True), ("./data", BIND, True), (".", BIND, True),
    ("~/notes", BIND, True), ("$(CURDIR)", BIND, True), ("%cd%", BIND, True), ("${DATA:-./state}", BIND, True),
    ("/srv/app", BIND, False), ("C:\\data", BIND, False), ("$DATA_DIR/x", BIND, False),
    ("appdata", VOLUME, False), ("$DATA_DIR", UNKNOWN, False), (".env", UNKNOWN, False),
])
def test_source_kind(source, kind, cwd):
    assert usage.source_kind(source) == (kind, cwd)


def test_volume_and_mount_specs():
    assert usage.volume_spec("${DATA:-./x}:/var/lib/app/:ro") == ("${DATA:-./x}", "/var/lib/app", True)
    assert usage.volume_spec("C:\\x:/data") == ("C:\\x", "/data", False)
    assert usage.volume_spec("/data") == ("", "/data", False)  # an anonymous volume
    assert usage.volume_spec("./x:$TARGET") is None
    assert usage.mount_spec("type=bind,src=/srv,dst=/data,readonly") == ("/srv", "/data", True, True)
    assert usage.mount_spec("source=cache,target=/cache") == ("cache", "/cache", False, False)


def test_docker_run_lines_options_images_and_lines():
    text = ("Run it:\n\n    docker run -it --rm -e A=1 -p 80:80 \\\n      -v \"$PWD\":/work \\\n"
            "      --volume=data:/data me/tool --out /work\n"
            "`docker run -v $(pwd):/src node:20 npm test` runs the tests in the official node image.\n"
            "docker run -u 1000 -v /srv:/srv me/tool\n")
    found = usage.run_mounts(text, "README.md")
    assert [(m.source, m.target, m.kind, m.line, m.user_set) for m in found] == [
        ("$PWD", "/work", BIND, 4, False), ("data", "/data", VOLUME, 5, False), ("/srv", "/srv", BIND, 7, True)]
    assert found[0].text == 'docker run ... -v "$PWD":/work'
    # options after the image are the program's
    assert usage.run_mounts("docker run me/tool -v /x:/y\n", "run.sh") == []


def test_comment_usage_lines_join_continuations():
    text = "FROM alpine\n# docker run --rm \\\n#   -v $(pwd):/data me/x\nRUN docker run -v /a:/b x\n"
    [m] = usage.comment_mounts(text, "Dockerfile")
    assert (m.source, m.target, m.line) == ("$(pwd)", "/data", 3)


def test_compose_services_are_matched_with_the_dockerfile(tmp_path):
    (tmp_path / "api").mkdir()
    df = tmp_path / "api" / "Dockerfile.dev"
    df.write_text("FROM alpine\n")
    (tmp_path / "docker-compose.yml").write_text(
        "x-common: &common\n  volumes:\n    - ./shared:/shared\nservices:\n"
        "  api:\n    <<: *common\n    build:\n      context: api\n      dockerfile: Dockerfile.dev\n"
        "  other:\n    build: api\n    volumes:\n      - ./o:/o\n  tool:\n    image: me/api\n    volumes:\n      - ./t:/t\n")
    found = usage.context_mounts(str(df), None, frozenset({"api"}))
    assert sorted((m.file, m.target, m.line) for m in found) == [
        ("../docker-compose.yml", "/shared", 3), ("../docker-compose.yml", "/t", 17)]


def test_unreadable_or_broken_files_are_no_evidence(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM alpine\n")
    (tmp_path / "compose.yaml").write_text("services: [unclosed\n  web: {build: .\n")
    os.mkfifo(tmp_path / "README.md")
    (tmp_path / "Makefile").mkdir()
    assert usage.context_mounts(str(df), str(tmp_path)) == []
    assert usage.context_mounts(None, None) == []


def test_a_folder_of_many_documents_still_reads_its_makefile(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM alpine\n")
    for i in range(30):
        (tmp_path / f"doc{i:02}.md").write_text("nothing to run\n")
    (tmp_path / "Makefile").write_text("run:\n\tdocker run -v $(CURDIR):/work me/x\n")
    [m] = usage.context_mounts(str(df), None)
    assert (m.file, m.line, m.target) == ("Makefile", 2, "/work")
