# golden: --unsafe-fixes
# finding: 3:1: exec-form CMD in shell form; use the JSON (exec) form (not fixed: the SHELL is not a POSIX shell)
FROM alpine
SHELL ["/usr/bin/fish", "-c"]
CMD app
