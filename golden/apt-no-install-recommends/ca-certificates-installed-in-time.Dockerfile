# golden: --unsafe-fixes
# finding: 3:23: apt-no-install-recommends `apt-get install` without --no-install-recommends also installs recommended packages [unsafe]
FROM debian:bookworm
# installed in time (a RUN before the download): nothing to add
RUN apt-get update && apt-get install -y wget && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN wget -O /tmp/y.tgz https://example.com/y.tgz
# ---- output ----
FROM debian:bookworm
# installed in time (a RUN before the download): nothing to add
RUN apt-get update && apt-get install --no-install-recommends -y wget && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN wget -O /tmp/y.tgz https://example.com/y.tgz
