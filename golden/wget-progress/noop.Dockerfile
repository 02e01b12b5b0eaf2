# findings: none
FROM debian:bookworm
RUN wget -q https://example.com/a && wget -qO- https://example.com/b | sh
RUN wget -nv https://example.com/c && wget --progress=bar:force https://example.com/d
RUN wget --quiet https://x/e && wget -o /tmp/log https://x/f && wget --no-verbose https://x/g
