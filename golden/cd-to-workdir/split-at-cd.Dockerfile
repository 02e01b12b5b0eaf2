# golden: --unsafe-fixes
# finding: 3:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
# finding: 4:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
# finding: 5:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
FROM debian:12
# build the tool from source
RUN cd /tmp && wget -q https://e.com/s.tgz && tar xzf s.tgz && cd s && make
RUN git clone https://e.com/z.git && cd z && make && cd ..
RUN set -eux && curl -fsSLO https://e.com/t.tgz && tar xzf t.tgz && \
    cd t && \
    ./configure && make install
# ---- output ----
FROM debian:12
# build the tool from source
WORKDIR /tmp
RUN wget -q https://e.com/s.tgz && tar xzf s.tgz
WORKDIR /tmp/s
RUN make
WORKDIR /
RUN git clone https://e.com/z.git
WORKDIR /z
RUN make
WORKDIR /
RUN set -eux && curl -fsSLO https://e.com/t.tgz && tar xzf t.tgz
WORKDIR /t
RUN set -eux && ./configure && make install
WORKDIR /
