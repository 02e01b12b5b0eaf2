# golden: --unsafe-fixes
FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
CMD ["node", "index.js"]
