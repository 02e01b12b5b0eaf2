# golden: --unsafe-fixes --select scan-stage --option scan-image=aquasec/trivy:0.57.1@sha256:abababababababababababababababababababababababababababababababab --option scan-severity=CRITICAL
# finding: 1:1: scan-stage the final image is not scanned for vulnerabilities (add a `scan` stage, built with --target scan) [unsafe]
FROM alpine:3.20 AS runtime
RUN apk add --no-cache ca-certificates
USER 65534
# ---- output ----
FROM alpine:3.20 AS runtime
RUN apk add --no-cache ca-certificates
USER 65534
# dockfix scan-stage: vulnerability scan of the `runtime` image, built only by
# `docker build --target scan .`; a plain build still produces `runtime` (last line).
FROM --platform=$BUILDPLATFORM aquasec/trivy:0.57.1@sha256:abababababababababababababababababababababababababababababababab AS scan
RUN --mount=type=bind,from=runtime,target=/scan-root \
    --mount=type=cache,target=/root/.cache/trivy \
    trivy rootfs --exit-code 1 --no-progress --severity CRITICAL /scan-root
FROM runtime
