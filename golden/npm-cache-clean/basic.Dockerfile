# golden: --unsafe-fixes
# finding: 2:5: npm-cache-clean yarn install leaves its package cache in the layer; add yarn cache clean [unsafe]
# finding: 3:5: npm-cache-clean yarn install leaves its package cache in the layer; add yarn cache clean [unsafe]
FROM node:20
RUN yarn install --frozen-lockfile
RUN yarn install \
    && yarn build
# ---- output ----
FROM node:20
RUN yarn install --frozen-lockfile && yarn cache clean
RUN yarn install \
    && yarn build \
    && yarn cache clean
