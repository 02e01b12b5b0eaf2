# finding: 2:1: env-key-value legacy 'ENV A value' form; use A=value [safe]
FROM alpine
ENV A "x y"
# ---- output ----
FROM alpine
ENV A="x y"
