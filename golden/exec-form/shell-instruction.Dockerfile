# golden: --unsafe-fixes
# finding: 3:1: exec-form CMD in shell form; use the JSON (exec) form [unsafe]
FROM alpine
SHELL ["/bin/bash", "-c"]
CMD app
# ---- output ----
FROM alpine
SHELL ["/bin/bash", "-c"]
CMD ["app"]
