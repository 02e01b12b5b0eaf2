# golden: --unsafe-fixes
FROM node:20
RUN yarn install --immutable && yarn build
