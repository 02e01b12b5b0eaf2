"""yum-dnf-clean: Clean the yum/dnf/microdnf/zypper cache in the RUN that installs."""

from __future__ import annotations

from fixcase import assert_fix, assert_noop, refused_of, result


def test_yum_clean_not_added_to_a_dnf_cache_mount():
    # on EL8+ yum is dnf: `yum clean all` would empty the /var/cache/dnf cache mount every build
    text = "FROM rockylinux:9\nRUN --mount=type=cache,target=/var/cache/dnf yum install -y httpd\n"
    assert_noop(text, "yum-dnf-clean", path="Dockerfile")


def test_clean_up_not_appended_where_the_tool_may_be_missing():
    src = ("FROM centos:7\n"
           "RUN if command -v yum; then yum install -y x; fi\n"
           "RUN apt-get install -y x || yum install -y x\n"
           "RUN command -v apt-get && apt-get install -y x; yum install -y y\n"
           "RUN f() { yum install -y x; }; f\n")
    res = result(src, ["yum-dnf-clean"], path="Dockerfile")
    assert res.output == src
    assert len([f for f in res.remaining if f.refused]) == 4


def test_clean_up_keeps_style_crlf_and_escape():
    src = "FROM centos:7\r\nRUN yum -y install \\\r\n        httpd \\\r\n    && echo done\r\n"
    out = result(src, ["yum-dnf-clean"], path="Dockerfile").output
    assert out == src[:-2] + " \\\r\n    && yum clean all\r\n"


def test_clean_up_trailing_and_style_and_comment_at_end():
    src = "FROM centos:7\nRUN yum -y update && \\\n\tyum -y install x && \\\n\tmake # done\n"
    out = result(src, ["yum-dnf-clean"], path="Dockerfile").output
    # a comment ends the line: the clean-up goes before it, never after it
    assert out.endswith("\tmake && yum clean all # done\n")
    src2 = "FROM centos:7\nRUN yum -y update && \\\n\tyum -y install x && \\\n\tmake\n"
    assert result(src2, ["yum-dnf-clean"], path="Dockerfile").output.endswith("\tmake && \\\n\tyum clean all\n")


def test_clean_up_refused_for_background_and_extra_heredoc():
    src = "FROM centos:7\nRUN yum install -y x &\nRUN cat > /f <<EOF && yum install -y x\na\nEOF\n"
    res = result(src, ["yum-dnf-clean"], path="Dockerfile")
    assert res.output == src and len([f for f in res.remaining if f.refused]) == 2


def test_clean_up_per_tool_and_order():
    src = "FROM fedora:40\nRUN dnf clean all && dnf install -y x\nRUN dnf install -y y && rm -rf /var/cache/dnf\n"
    out = result(src, ["yum-dnf-clean"], path="Dockerfile").output
    assert "dnf install -y x && dnf clean all\n" in out
    assert "rm -rf /var/cache/dnf\n" in out and out.count("clean all") == 2


def test_clean_up_after_a_subshell_or_group_but_not_after_an_or():
    ok = ("FROM centos:7\nRUN ( cd /opt && yum install -y make ) && make -C /opt/src\n"
          "RUN { yum install -y git; } || true\n")
    out = result(ok, ["yum-dnf-clean"], path="Dockerfile").output
    assert out.count("&& yum clean all") == 2
    # `a && yum ... || b`: b runs when a failed and yum never did (maybe no yum at all)
    refused = "FROM centos:7\nRUN command -v yum && yum install -y git || echo no yum\n"
    res = result(refused, ["yum-dnf-clean"], path="Dockerfile")
    assert res.output == refused and res.remaining[0].refused


def test_dnf_cache_cleaned_in_the_installing_run():
    assert_fix("FROM fedora:40\nRUN dnf install -y httpd\n",
               "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n",
               "yum-dnf-clean", unsafe=False)


def test_an_install_through_sudo_is_cleaned_through_sudo():
    # the build's user is not root (the base image sets one, the file uses sudo): a bare
    # `dnf clean all` would fail for want of permission on /var/cache/dnf
    text = "FROM example/builder:1\nRUN sudo dnf install -y gcc\n"
    assert_fix(text, "FROM example/builder:1\nRUN sudo dnf install -y gcc && sudo dnf clean all\n", "yum-dnf-clean")
    assert_fix("FROM example/builder:1\nRUN sudo -E yum install -y gcc\n",
               "FROM example/builder:1\nRUN sudo -E yum install -y gcc && sudo yum clean all\n", "yum-dnf-clean")
    # already cleaned through sudo (or by removing the cache through sudo): nothing to do
    assert_noop("FROM example/builder:1\nRUN sudo dnf install -y gcc && sudo dnf clean all\n", "yum-dnf-clean")
    assert_noop("FROM example/builder:1\nRUN sudo dnf install -y gcc && sudo rm -rf /var/cache/dnf\n", "yum-dnf-clean")
    # a later `sudo dnf remove` does not remove dnf itself
    assert_fix("FROM example/builder:1\nRUN sudo dnf install -y gcc && sudo dnf remove -y vim\n",
               "FROM example/builder:1\nRUN sudo dnf install -y gcc && sudo dnf remove -y vim && sudo dnf clean all\n",
               "yum-dnf-clean")


def test_an_install_through_sudo_beside_another_package_manager_is_refused():
    text = "FROM example/builder:1\nRUN sudo apt-get update; sudo yum install -y gcc\n"
    res = result(text, "yum-dnf-clean")
    assert res.output == text
    assert any("several package managers" in r for r in refused_of(res))
