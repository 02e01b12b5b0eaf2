# findings: none
FROM node:20
ENV YARN_CACHE_FOLDER=/yarn-cache
# the yarn cache folder is a cache mount: never cleaned
RUN --mount=type=cache,target=/yarn-cache yarn install --frozen-lockfile
RUN --mount=type=cache,target=/cache yarn install --cache-folder /cache/yarn
