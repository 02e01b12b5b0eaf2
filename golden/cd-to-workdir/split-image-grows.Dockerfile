# golden: --unsafe-fixes
# finding: 3:1: cd-to-workdir use WORKDIR instead of cd (not fixed: splitting the RUN at cd would keep in an earlier layer what a later command deletes or changes (rm): the image would grow (refused because cd-workdir-allow-growth is false))
# finding: 4:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
FROM debian:12
# the clean-up deletes what the first part made: a split would keep it in a layer (refused by default)
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
# the clean-up deletes what the first part made: a split would keep it in a layer (refused by default)
RUN cd /tmp && wget -q https://e.com/s.tgz && tar xzf s.tgz && cd s && make install && cd .. && rm -rf s s.tgz
RUN set -eux; \
    wget -q https://e.com/t.tgz; \
    tar xzf t.tgz
WORKDIR /t
RUN set -eux; ./configure; \
    make install
WORKDIR /
CMD ["s"]
