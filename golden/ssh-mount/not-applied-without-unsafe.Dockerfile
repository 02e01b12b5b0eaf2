# finding: 2:1: ssh-mount git reaches git@github.com:acme/lib.git over SSH: lend the build your SSH agent, not a key; build with: docker build --ssh default ... [unsafe]
FROM debian:12
RUN git clone git@github.com:acme/lib.git /src/lib
