FROM rockylinux:9
RUN ( cd /opt && dnf install -y make gcc ) && make -C /opt/src
RUN { set -x; yum install -y git; } \
    && git --version
RUN ( microdnf install -y jq && jq --version ) || true
# ---- output ----
FROM rockylinux:9
RUN ( cd /opt && dnf install -y make gcc ) && make -C /opt/src && dnf clean all
RUN { set -x; yum install -y git; } \
    && git --version \
    && yum clean all
RUN ( microdnf install -y jq && jq --version ) || true && microdnf clean all
