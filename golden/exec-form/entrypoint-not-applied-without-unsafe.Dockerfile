# finding: 2:1: exec-form ENTRYPOINT in shell form; use the JSON (exec) form [unsafe]
FROM alpine
ENTRYPOINT /usr/local/bin/entry
