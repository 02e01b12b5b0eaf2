# golden: --unsafe-fixes
# finding: 3:5: npm-cache-clean yarn install leaves its package cache in the layer (not fixed: Yarn 2+ install options (its cache is needed by Plug'n'Play))
FROM node:20
RUN corepack enable
RUN yarn install --immutable
