# finding: 2:1: exec-form ENTRYPOINT in shell form; use the JSON (exec) form [unsafe]
# finding: 3:1: exec-form CMD in shell form; use the JSON (exec) form [safe]
FROM alpine
ENTRYPOINT /bin/true
CMD app --flag
# ---- output ----
FROM alpine
ENTRYPOINT /bin/true
CMD ["app", "--flag"]
