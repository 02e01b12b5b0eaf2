# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER) (not fixed: the image has ONBUILD triggers: images built on it would run them as the new user)
FROM node:20
WORKDIR /app
ONBUILD COPY package*.json ./
ONBUILD RUN npm ci
CMD ["node"]
