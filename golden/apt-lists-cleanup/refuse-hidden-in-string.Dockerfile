# finding: 2:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN (not fixed: line 3 runs apt inside a string that cannot be read (it may need the package lists))
FROM debian:12
RUN apt-get update && apt-get install -y curl
RUN bash -c "apt-get install -y vim"
