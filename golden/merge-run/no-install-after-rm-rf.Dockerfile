# golden: --unsafe-fixes
# finding: 6:1: merge-run consecutive RUN instructions (not fixed: it runs `yum install` after a `yum clean` or `rm -rf` of the RUNs before; joined, hadolint (DL3032/DL3040/DL3036) would report the clean as missing)
# finding: 7:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
# finding: 10:1: merge-run consecutive RUN instructions (not fixed: it runs `microdnf install` after a `microdnf clean` or `rm -rf` of the RUNs before; joined, hadolint (DL3032/DL3040/DL3036) would report the clean as missing)
# finding: 11:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
# finding: 12:1: merge-run consecutive RUN instructions (not fixed: the RUNs before are a long build step (`microdnf install`) and this RUN another (`pip3 install`) that removes nothing they added: joined, a change to either would rebuild both, for no smaller image)
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
# ---- output ----
FROM amazonlinux:2
# build tool from source, then remove the sources
RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz \
    && tar -C /opt -xzf /tmp/tool.tgz \
    && rm -rf /tmp/tool.tgz
RUN yum install -y python3 && yum clean all && \
    dnf install -y git \
    && rm -rf /tmp/* \
    && dnf clean all
RUN microdnf install -y jq && microdnf clean all && \
    rm -rf /root/.cache
RUN pip3 install --no-cache-dir awscli
