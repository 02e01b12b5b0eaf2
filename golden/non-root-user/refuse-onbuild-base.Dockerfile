# golden: --unsafe-fixes
FROM node:20
WORKDIR /app
ONBUILD COPY package*.json ./
ONBUILD RUN npm ci
CMD ["node"]
