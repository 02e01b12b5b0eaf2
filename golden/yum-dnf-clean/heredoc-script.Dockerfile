# finding: 5:1: yum-dnf-clean yum cache left in the layer; clean it in the same RUN [safe]
# syntax=docker/dockerfile:1
FROM centos:7
RUN <<EOS
set -e
yum install -y x
EOS
# ---- output ----
# syntax=docker/dockerfile:1
FROM centos:7
RUN <<EOS
set -e
yum install -y x && yum clean all
EOS
