# golden: --unsafe-fixes
# finding: 1:1: multi-stage single-stage build ships its toolchain (not fixed: CMD/ENTRYPOINT does not run a file from the build output folder (e.g. node dist/index.js))
FROM node:20
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
CMD ["npm", "start"]
