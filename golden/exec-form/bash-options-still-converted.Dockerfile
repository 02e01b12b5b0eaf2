# golden: --unsafe-fixes
# finding: 3:1: exec-form CMD in shell form; use the JSON (exec) form [unsafe]
FROM debian:12
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
CMD node server.js
# ---- output ----
FROM debian:12
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
CMD ["node", "server.js"]
