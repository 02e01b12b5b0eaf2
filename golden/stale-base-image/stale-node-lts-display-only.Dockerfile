# golden: --unsafe-fixes
# finding: 1:6: stale-base-image FROM node:18-slim: node:18-slim has not been rebuilt since 2025-05-28 (no security fixes); maintained: node:24-slim (the LTS line; also node:22-slim, node:26-slim) [display-only]
FROM node:18-slim AS web
WORKDIR /srv
COPY dist/ .
CMD ["node", "server.js"]
