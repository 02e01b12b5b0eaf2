# golden: --unsafe-fixes
# finding: 2:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
# finding: 6:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
# finding: 7:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends git make && \
    git clone https://e.com/app.git /opt/app && \
    cd /opt/app && \
    make
RUN make all && cd / && rm -rf /opt/app/build
RUN pip install -r requirements.txt && cd /srv && make
CMD ["app"]
# ---- output ----
FROM ubuntu:24.04
WORKDIR /opt/app
RUN apt-get update && apt-get install -y --no-install-recommends git make && \
    git clone https://e.com/app.git /opt/app && \
    make
WORKDIR /
RUN make all && rm -rf /opt/app/build
RUN pip install -r requirements.txt
WORKDIR /srv
RUN make
WORKDIR /
CMD ["app"]
