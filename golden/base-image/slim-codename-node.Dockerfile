# golden: --unsafe-fixes
FROM node:20-bookworm AS web
WORKDIR /srv
COPY dist/ .
CMD ["node", "server.js"]
# ---- output ----
FROM node:20-bookworm-slim AS web
WORKDIR /srv
COPY dist/ .
CMD ["node", "server.js"]
