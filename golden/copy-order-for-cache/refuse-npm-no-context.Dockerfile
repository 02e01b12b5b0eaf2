# golden: --unsafe-fixes
# finding: 3:1: copy-order-for-cache COPY of the whole source before `npm ci` defeats the build cache (not fixed: package.json is not in the build context (.); use --context)
FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
CMD ["node", "index.js"]
