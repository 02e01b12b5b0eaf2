# golden: --unsafe-fixes --option cd-workdir-allow-growth=false
# finding: 3:1: cd-to-workdir use WORKDIR instead of cd (not fixed: splitting the RUN at cd would keep in an earlier layer what a later command deletes or changes (rm): the image would grow (refused because cd-workdir-allow-growth is false))
# finding: 4:1: cd-to-workdir use WORKDIR instead of cd (not fixed: splitting the RUN at cd would keep in an earlier layer what a later command deletes or changes (git checkout): the image would grow (refused because cd-workdir-allow-growth is false))
# finding: 5:1: cd-to-workdir use WORKDIR instead of cd (not fixed: the RUN is not an && chain and has no `set -e` (splitting it at cd would change when it fails))
# finding: 6:1: cd-to-workdir use WORKDIR instead of cd (not fixed: the command before `; cd` ends an && chain: when the chain fails early, set -e does not stop the script (splitting it at cd would change when it fails))
# finding: 7:1: cd-to-workdir use WORKDIR instead of cd (not fixed: the RUN ends with `; cd`: without it the RUN would fail where it passed)
# finding: 8:1: cd-to-workdir use WORKDIR instead of cd (not fixed: a command runs in the background (&))
# finding: 9:1: cd-to-workdir use WORKDIR instead of cd (not fixed: comment lines where the RUN would be split)
FROM debian:12
# the clean-up at the end deletes what the first part downloaded: a split would keep it in a layer
RUN cd /tmp && wget -q https://e.com/s.tgz && tar xzf s.tgz && cd s && make install && cd .. && rm -rf s s.tgz
RUN git clone https://e.com/z.git && cd z && git checkout v1.2 && make
RUN wget https://e.com/s.tgz; cd s && make
RUN set -e; wget https://e.com/s.tgz && tar xzf s.tgz; cd s; make
RUN cd /src && make; cd /
RUN wget https://e.com/s.tgz && cd s && make & wait
RUN wget https://e.com/s.tgz && cd s && \
    # configure first
    ./configure && make
