# golden: --unsafe-fixes
# finding: 2:1: secret-to-mount ARG GITHUB_TOKEN looks like a secret; build arguments are stored in the image history (not fixed: used by ENV on line 3, not only by RUN)
# finding: 3:1: secret-to-mount ENV TOKEN_COPY looks like a secret and is stored in the image (not fixed: ENV persists into the container at run time; move it to a secret mount by hand)
FROM alpine
ARG GITHUB_TOKEN
ENV TOKEN_COPY=$GITHUB_TOKEN
RUN echo build
