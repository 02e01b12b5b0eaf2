# golden: --unsafe-fixes
# findings: none
FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
FROM node:20
COPY --from=build /app .
RUN npm ci
