# finding: 2:18: yum-dnf-clean dnf cache left in the layer; clean it in the same RUN [safe]
# finding: 3:15: yum-dnf-clean yum cache left in the layer; clean it in the same RUN [safe]
# finding: 5:7: yum-dnf-clean microdnf cache left in the layer; clean it in the same RUN [safe]
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
