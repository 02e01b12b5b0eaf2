# golden: --unsafe-fixes --option cd-workdir-allow-growth=false
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
