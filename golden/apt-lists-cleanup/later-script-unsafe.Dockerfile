# golden: --unsafe-fixes
FROM debian:12
RUN apt-get update && apt-get install -y curl
COPY install.sh /tmp/
RUN /tmp/install.sh
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
COPY install.sh /tmp/
RUN /tmp/install.sh
