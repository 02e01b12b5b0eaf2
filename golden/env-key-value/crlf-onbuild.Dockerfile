FROM alpine
ENV A x y
ONBUILD ENV B 1
# ---- output ----
FROM alpine
ENV A="x y"
ONBUILD ENV B=1
