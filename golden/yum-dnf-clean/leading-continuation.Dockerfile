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
