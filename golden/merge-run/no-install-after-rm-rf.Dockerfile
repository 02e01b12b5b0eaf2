# golden: --unsafe-fixes
# finding: 6:1: merge-run consecutive RUN instructions (not fixed: it runs `yum install` after a `yum clean` or `rm -rf` of the RUNs before; joined, hadolint (DL3032/DL3040/DL3036) would report the clean as missing)
# finding: 7:1: merge-run consecutive RUN instructions (not fixed: the RUNs before and this one each install with yum and clean up or fetch their own package index: joined, nothing is removed and no index is shared, so the image is no smaller, and a change to either would rebuild both)
# finding: 10:1: merge-run consecutive RUN instructions (not fixed: it runs `microdnf install` after a `microdnf clean` or `rm -rf` of the RUNs before; joined, hadolint (DL3032/DL3040/DL3036) would report the clean as missing)
# finding: 11:1: merge-run consecutive RUN instructions (not fixed: the RUN only cleans up (`rm -rf`) what the RUNs before did not add or already removed: joined, the image is no smaller)
# finding: 12:1: merge-run consecutive RUN instructions (not fixed: joining gains nothing: the RUN removes nothing the RUNs before added and left, uses no package index they fetched and restarts none of their services; one layer fewer is no smaller image, and a change to either RUN would rebuild both)
FROM amazonlinux:2
# build tool from source, then remove the sources
RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz \
    && tar -C /opt -xzf /tmp/tool.tgz \
    && rm -rf /tmp/tool.tgz
RUN yum install -y python3 && yum clean all
RUN dnf install -y git \
    && rm -rf /tmp/* \
    && dnf clean all
RUN microdnf install -y jq && microdnf clean all
RUN rm -rf /root/.cache
RUN pip3 install --no-cache-dir awscli
