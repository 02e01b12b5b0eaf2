# golden: --unsafe-fixes
FROM alpine:3.20
RUN echo -n "building " \
 && wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
# ---- output ----
FROM alpine:3.20
SHELL ["/bin/ash", "-o", "pipefail", "-c"]
RUN echo -n "building " \
 && wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
