# finding: 3:1: add-to-copy use COPY instead of ADD for local files and folders [safe]
# finding: 4:1: add-to-copy use COPY instead of ADD for local files and folders [safe]
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
