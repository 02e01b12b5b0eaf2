# escape=`
FROM alpine
ENV A x `
  y
# ---- output ----
# escape=`
FROM alpine
ENV A="x `
  y"
