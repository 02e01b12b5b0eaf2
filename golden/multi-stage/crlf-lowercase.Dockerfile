# golden: --unsafe-fixes
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
