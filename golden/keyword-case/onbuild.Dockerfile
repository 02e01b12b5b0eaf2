FROM alpine
onbuild run make
# ---- output ----
FROM alpine
ONBUILD RUN make
