# golden: --unsafe-fixes
FROM debian:12
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
CMD node server.js
# ---- output ----
FROM debian:12
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
CMD ["node", "server.js"]
