"""add-to-copy: Use COPY instead of ADD for local files and folders."""

from __future__ import annotations

from fixcase import assert_fix, assert_noop, fix


def test_add_alpine_apk_package_is_not_a_safe_copy():
    # an Alpine .apk is a gzip'd tar: ADD unpacks it (by content), COPY would not
    text = "FROM alpine:3.19\nWORKDIR /tmp\nADD pkg.apk /tmp/\nRUN apk add --allow-untrusted /tmp/pkg.apk\n"
    assert_noop(text, "add-to-copy", unsafe=False, path="Dockerfile")


def test_add_to_copy_never_touches_archives_or_urls():
    text = ("FROM alpine\nADD rootfs.tar.xz /\nADD x.tbz2 /\nADD y.zst /\nADD https://e.com/a /a\n"
            "ADD git@github.com:a/b.git /b\nADD --checksum=sha256:00 a.txt /a\n")
    assert_noop(text, "add-to-copy")


def test_add_to_copy_checks_content_in_context(tmp_path):
    import tarfile

    (tmp_path / "inner").write_text("x")
    with tarfile.open(tmp_path / "blob", "w:gz") as tf:
        tf.add(tmp_path / "inner", arcname="inner")
    (tmp_path / "plain").write_text("hello\n")
    df = tmp_path / "Dockerfile"
    text = "FROM alpine\nADD blob /opt/\nADD plain /opt/\n"
    df.write_text(text)
    out = fix(text, "add-to-copy", unsafe=False, path=str(df))
    assert out == "FROM alpine\nADD blob /opt/\nCOPY plain /opt/\n"


def test_add_of_a_local_file_becomes_copy():
    assert_fix("FROM debian:12\nADD app.py /app/\n", "FROM debian:12\nCOPY app.py /app/\n", "add-to-copy", unsafe=False)
