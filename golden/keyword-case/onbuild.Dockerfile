# finding: 2:1: keyword-case keyword casing: 'onbuild' -> 'ONBUILD', 'run' -> 'RUN' [safe]
FROM alpine
onbuild run make
# ---- output ----
FROM alpine
ONBUILD RUN make
