# finding: 2:1: secret-to-mount ARG NPM_TOKEN looks like a secret; build arguments are stored in the image history; build with: docker build --secret id=npm_token,env=NPM_TOKEN ... [unsafe]
FROM node:20
ARG NPM_TOKEN
RUN npm ci
