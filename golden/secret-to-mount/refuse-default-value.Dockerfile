# golden: --unsafe-fixes
# finding: 2:1: secret-to-mount ARG API_TOKEN looks like a secret; build arguments are stored in the image history (default ********) (not fixed: it has a default value; pass it with --secret instead)
FROM alpine
ARG API_TOKEN=s3cr3t-value
RUN wget --header "Authorization: $API_TOKEN" https://example.com/x
