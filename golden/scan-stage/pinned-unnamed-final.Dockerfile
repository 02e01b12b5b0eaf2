# golden: --unsafe-fixes --select scan-stage --option scan-image=aquasec/trivy:0.57.1@sha256:abababababababababababababababababababababababababababababababab
# finding: 3:1: scan-stage the final image is not scanned for vulnerabilities (add a `scan` stage, built with --target scan) [unsafe]
FROM golang:1.22 AS build
RUN go build -o /out/app .
from gcr.io/distroless/static:nonroot
copy --from=build /out/app /app
entrypoint ["/app"]
# trailing comment stays
# ---- output ----
FROM golang:1.22 AS build
RUN go build -o /out/app .
from gcr.io/distroless/static:nonroot as app
copy --from=build /out/app /app
entrypoint ["/app"]
# trailing comment stays
# dockfix scan-stage: vulnerability scan of the `app` image, built only by
# `docker build --target scan .`; a plain build still produces `app` (last line).
from --platform=$BUILDPLATFORM aquasec/trivy:0.57.1@sha256:abababababababababababababababababababababababababababababababab as scan
run --mount=type=bind,from=app,target=/scan-root \
    --mount=type=cache,target=/root/.cache/trivy \
    trivy rootfs --exit-code 1 --no-progress --severity HIGH,CRITICAL /scan-root
from app
