# finding: 2:5: wget-progress wget without a progress setting; add -q [safe]
FROM mycompany/base:1.2
RUN wget -O /tmp/x https://example.com/x
# ---- output ----
FROM mycompany/base:1.2
RUN wget -q -O /tmp/x https://example.com/x
