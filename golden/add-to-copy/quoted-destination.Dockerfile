FROM debian:bookworm
ARG BUILD_DIR="/workspace/build"
ADD src/ "${BUILD_DIR}/src"
ADD "app.conf" \
    "/"
# ---- output ----
FROM debian:bookworm
ARG BUILD_DIR="/workspace/build"
COPY src/ "${BUILD_DIR}/src"
COPY "app.conf" \
    "/"
