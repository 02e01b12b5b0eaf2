FROM mycompany/base:1.2
RUN wget -O /tmp/x https://example.com/x
# ---- output ----
FROM mycompany/base:1.2
RUN wget -q -O /tmp/x https://example.com/x
