# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER); switch to '1000' [unsafe]
FROM node:20-alpine
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
EXPOSE 3000
CMD ["node", "server.js"]
# ---- output ----
FROM node:20-alpine
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
RUN chown 1000:1000 /usr/src/app
USER 1000
EXPOSE 3000
CMD ["node", "server.js"]
