# golden: --unsafe-fixes
# findings: none
FROM node:20
RUN yarn install && yarn cache clean
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install
RUN npm ci && yarn add x
