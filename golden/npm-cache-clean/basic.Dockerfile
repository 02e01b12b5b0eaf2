# golden: --unsafe-fixes
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
