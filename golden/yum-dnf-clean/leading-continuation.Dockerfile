# finding: 3:8: yum-dnf-clean dnf cache left in the layer; clean it in the same RUN [safe]
FROM fedora:40
RUN dnf -y update \
    && dnf -y install \
        gcc \
        make \
    && make -C /src
# ---- output ----
FROM fedora:40
RUN dnf -y update \
    && dnf -y install \
        gcc \
        make \
    && make -C /src \
    && dnf clean all
