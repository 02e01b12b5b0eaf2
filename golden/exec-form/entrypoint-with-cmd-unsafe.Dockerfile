# golden: --unsafe-fixes
# finding: 2:1: exec-form ENTRYPOINT in shell form; use the JSON (exec) form [unsafe]
# finding: 3:1: exec-form CMD in shell form; use the JSON (exec) form [safe]
FROM alpine
ENTRYPOINT /usr/local/bin/entry --serve
CMD serve
# ---- output ----
FROM alpine
ENTRYPOINT ["/usr/local/bin/entry", "--serve"]
CMD ["serve"]
