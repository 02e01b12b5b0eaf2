FROM debian:12
RUN apt-get update && apt-get install -y a && sleep 1 &
RUN apt-get update && apt-get install -y b # trailing comment
RUN apt-get update && apt-get install -y c && exec true
RUN <<EOF2
apt-get update
apt-get install -y d
EOF2
ONBUILD RUN apt-get update && apt-get install -y e
