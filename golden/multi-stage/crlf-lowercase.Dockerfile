# golden: --unsafe-fixes
# finding: 1:1: multi-stage single-stage build ships its toolchain; build in a stage and run from gcr.io/distroless/static-debian12 (check: files the binary reads at run time are not copied) [unsafe]
from golang:1.22
workdir /src
copy . .
run CGO_ENABLED=0 go build -o /bin/app .
cmd ["/bin/app"]
# ---- output ----
from golang:1.22 as build
workdir /src
copy . .
run CGO_ENABLED=0 go build -o /bin/app .

from gcr.io/distroless/static-debian12
workdir /src
copy --from=build /bin/app /bin/app
cmd ["/bin/app"]
