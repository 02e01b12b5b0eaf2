# finding: 2:1: env-key-value legacy 'ENV A value' form; use A=value [safe]
# finding: 3:9: env-key-value legacy 'ENV B value' form; use B=value [safe]
FROM alpine
ENV A x y
ONBUILD ENV B 1
# ---- output ----
FROM alpine
ENV A="x y"
ONBUILD ENV B=1
