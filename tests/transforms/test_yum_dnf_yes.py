"""yum-dnf-yes: Answer yes non-interactively: yum/dnf/microdnf -y, zypper -n."""

from __future__ import annotations

from fixcase import assert_fix, assert_noop, result


def test_microdnf_yes_is_unsafe_yum_yes_is_safe():
    src = "FROM ubi\nRUN microdnf install x && yum install y\n"
    assert_fix(src, "FROM ubi\nRUN microdnf install x && yum install -y y\n", ["yum-dnf-yes"], unsafe=False,
               path="Dockerfile")
    assert "microdnf install -y x" in result(src, ["yum-dnf-yes"], path="Dockerfile").output


def test_zypper_gets_global_non_interactive():
    out = result("FROM opensuse/leap\nRUN zypper --gpg-auto-import-keys install x\n", ["yum-dnf-yes"],
                 path="Dockerfile").output
    assert "zypper -n --gpg-auto-import-keys install x" in out


def test_yes_already_given_is_left_alone():
    assert_noop("FROM fedora:40\nRUN dnf install -y httpd\n", "yum-dnf-yes")
