# finding: 2:1: env-key-value legacy 'ENV PATH value' form; use PATH=value [safe]
# finding: 3:1: env-key-value legacy 'LABEL description value' form; use description=value [safe]
FROM alpine
ENV PATH /opt/app/bin:$PATH
LABEL description A small image
# ---- output ----
FROM alpine
ENV PATH=/opt/app/bin:$PATH
LABEL description="A small image"
