FROM ubuntu:14.04
RUN apt-get update \
 && apt install -y apt-transport-https \
 && echo "deb https://download.mono-project.com/repo/ubuntu stable-trusty main" > /etc/apt/sources.list.d/mono.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates mono-devel \
 && rm -rf /var/lib/apt/lists/*
CMD ["mono"]
