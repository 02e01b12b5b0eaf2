# golden: --unsafe-fixes
# finding: 2:1: cd-to-workdir use WORKDIR instead of cd (not fixed: the RUN deletes /tmp/build (`rm`): a WORKDIR would make a directory that is then removed)
FROM debian:12
RUN cd /tmp/build && ./configure && make install && cd / && rm -rf /tmp/build
CMD ["app"]
