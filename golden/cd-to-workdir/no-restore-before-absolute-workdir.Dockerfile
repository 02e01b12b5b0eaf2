# golden: --unsafe-fixes
# finding: 3:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
FROM ubuntu:24.04
ENV A=1
RUN cd /tmp \
    && wget -q https://example.com/x.tgz \
    && tar xzf x.tgz
WORKDIR /app
COPY . .
# ---- output ----
FROM ubuntu:24.04
ENV A=1
WORKDIR /tmp
RUN wget -q https://example.com/x.tgz \
    && tar xzf x.tgz
WORKDIR /app
COPY . .
