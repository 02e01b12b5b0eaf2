# golden: --unsafe-fixes
FROM alpine
ARG API_TOKEN=s3cr3t-value
RUN wget --header "Authorization: $API_TOKEN" https://example.com/x
