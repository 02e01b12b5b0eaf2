# golden: --unsafe-fixes
# finding: 3:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer; download and extract it in the RUN [unsafe]
FROM python:3.12
ARG HELM_VERSION=3.15.2
ADD https://get.helm.sh/helm-v${HELM_VERSION}-linux-amd64.tar.gz /tmp/helm.tar.gz
RUN tar -zxf /tmp/helm.tar.gz -C /usr/local/bin --strip-components=1 linux-amd64/helm && rm -f /tmp/helm.tar.gz
# ---- output ----
FROM python:3.12
ARG HELM_VERSION=3.15.2
RUN curl -fsSL "https://get.helm.sh/helm-v${HELM_VERSION}-linux-amd64.tar.gz" | tar -zxf - -C /usr/local/bin --strip-components=1 linux-amd64/helm
