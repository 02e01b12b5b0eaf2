# golden: --unsafe-fixes
FROM python:3.12
# the tool
ADD https://example.com/t.tar.gz /tmp/

# unpack it
RUN tar xzf /tmp/t.tar.gz -C /usr/local
# ---- output ----
FROM python:3.12
# the tool

# unpack it
RUN curl -fsSL "https://example.com/t.tar.gz" | tar xzf - -C /usr/local
