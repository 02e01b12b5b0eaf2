# golden: --unsafe-fixes
# finding: 1:6: base-image FROM node:22-bookworm is the full image; node:22-bookworm-slim has the same version with far fewer packages (smaller, fewer CVEs). Caveat: no compilers, headers, git or curl [unsafe]
FROM node:22-bookworm AS web
WORKDIR /srv
COPY dist/ .
CMD ["node", "server.js"]
# ---- output ----
FROM node:22-bookworm-slim AS web
WORKDIR /srv
COPY dist/ .
CMD ["node", "server.js"]
