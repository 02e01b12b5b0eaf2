# finding: 3:1: env-key-value legacy 'ENV A value' form; use A=value [safe]
# escape=`
FROM alpine
ENV A x `
  y
# ---- output ----
# escape=`
FROM alpine
ENV A="x `
  y"
