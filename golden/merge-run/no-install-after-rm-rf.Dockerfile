# golden: --unsafe-fixes
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
    rm -rf /root/.cache && \
    pip3 install --no-cache-dir awscli
