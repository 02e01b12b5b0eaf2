# finding: 2:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN (not fixed: the RUN only runs apt-get update, for the install on line 3: join the two RUNs (merge-run) instead of fetching the lists twice)
FROM debian:12
RUN apt-get update
RUN apt-get install -y curl
