FROM alpine
ENV A "x y"
# ---- output ----
FROM alpine
ENV A="x y"
