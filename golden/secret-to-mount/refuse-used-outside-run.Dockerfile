# golden: --unsafe-fixes
FROM alpine
ARG GITHUB_TOKEN
ENV TOKEN_COPY=$GITHUB_TOKEN
RUN echo build
