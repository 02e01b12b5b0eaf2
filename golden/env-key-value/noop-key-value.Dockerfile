# findings: none
FROM alpine
ENV A=1 B="x y"
LABEL a=b
