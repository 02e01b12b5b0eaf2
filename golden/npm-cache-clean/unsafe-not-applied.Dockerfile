# finding: 2:5: npm-cache-clean yarn install leaves its package cache in the layer; add yarn cache clean [unsafe]
FROM node:20
RUN yarn install --frozen-lockfile
