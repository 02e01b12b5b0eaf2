# golden: --unsafe-fixes
FROM node:20
RUN corepack enable
RUN yarn install --immutable
