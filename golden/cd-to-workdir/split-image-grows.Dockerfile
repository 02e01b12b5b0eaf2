# golden: --unsafe-fixes
# finding: 3:1: cd-to-workdir use WORKDIR instead of cd; the image grows: an earlier layer keeps what `rm` deletes or changes [unsafe]
# finding: 4:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
FROM debian:12
# the clean-up deletes what the first part made: the split keeps it in a layer (the fix says so)
RUN cd /tmp && wget -q https://e.com/s.tgz && tar xzf s.tgz && cd s && make install && cd .. && rm -rf s s.tgz
RUN set -eux; \
    wget -q https://e.com/t.tgz; \
    tar xzf t.tgz; \
    cd t; \
    ./configure; \
    make install
CMD ["s"]
# ---- output ----
FROM debian:12
# the clean-up deletes what the first part made: the split keeps it in a layer (the fix says so)
WORKDIR /tmp
RUN wget -q https://e.com/s.tgz && tar xzf s.tgz
WORKDIR /tmp/s
RUN make install
WORKDIR /tmp
RUN rm -rf s s.tgz
WORKDIR /
RUN set -eux; \
    wget -q https://e.com/t.tgz; \
    tar xzf t.tgz
WORKDIR /t
RUN set -eux; ./configure; \
    make install
WORKDIR /
CMD ["s"]
