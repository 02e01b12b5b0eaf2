# finding: 2:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN (not fixed: the RUN ends with a background command (`&`))
# finding: 3:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN (not fixed: the RUN ends with a shell comment)
# finding: 4:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN (not fixed: the RUN ends with `exec`)
# finding: 5:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN (not fixed: RUN with a heredoc: the end of the script is not extended automatically)
# finding: 9:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN (not fixed: ONBUILD trigger: later use of the lists is unknown)
FROM debian:12
RUN apt-get update && apt-get install -y a && sleep 1 &
RUN apt-get update && apt-get install -y b # trailing comment
RUN apt-get update && apt-get install -y c && exec true
RUN <<EOF2
apt-get update
apt-get install -y d
EOF2
ONBUILD RUN apt-get update && apt-get install -y e
