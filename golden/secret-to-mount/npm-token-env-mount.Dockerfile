# golden: --unsafe-fixes
# finding: 6:1: secret-to-mount ARG NPM_TOKEN looks like a secret; build arguments are stored in the image history; build with: docker build --secret id=npm_token,env=NPM_TOKEN ... [unsafe]
# syntax=docker/dockerfile:1
FROM node:20
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# the token for the private registry
ARG NPM_TOKEN
RUN npm ci
RUN --mount=type=cache,target=/root/.npm \
    npm run build
# ---- output ----
# syntax=docker/dockerfile:1
FROM node:20
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# the token for the private registry
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN --mount=type=cache,target=/root/.npm \
    npm run build
