# golden: --unsafe-fixes --select apt-lists-cleanup,merge-run
# finding: 2:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN (not fixed: the RUN ends with apt-get update and no later RUN installs with these lists: removing them right after the update would leave a step that does nothing; delete the update, or move it into the RUN that installs (line 4 runs a script (`./build.sh`) that may run apt-get install))
FROM debian:12
RUN echo 'deb http://deb.debian.org/debian bookworm contrib' >> /etc/apt/sources.list && apt-get update
COPY . /app
RUN ./build.sh
CMD ["/app/run"]
