FROM alpine
ENV PATH /opt/app/bin:$PATH
LABEL description A small image
# ---- output ----
FROM alpine
ENV PATH=/opt/app/bin:$PATH
LABEL description="A small image"
