# golden: --unsafe-fixes
FROM debian:12
RUN curl -fsSL https://example.com/x.tgz | tar xz -C /opt
RUN echo '{a,b}' "{c,d}" > /f && x={a,b} && find . -exec touch {} + && cmd 2>&1 >/dev/null
# ---- output ----
FROM debian:12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/x.tgz | tar xz -C /opt
RUN echo '{a,b}' "{c,d}" > /f && x={a,b} && find . -exec touch {} + && cmd 2>&1 >/dev/null
