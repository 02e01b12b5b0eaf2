# golden: --unsafe-fixes
# finding: 2:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
# finding: 3:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
# finding: 4:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
FROM debian:12
RUN cd /opt/app/ && ./configure
RUN cd /opt/app && ./build.sh
RUN cd /opt/app && ./install.sh
COPY app.conf /etc/app.conf
CMD ["app"]
# ---- output ----
FROM debian:12
WORKDIR /opt/app
RUN ./configure
RUN ./build.sh
RUN ./install.sh
WORKDIR /
COPY app.conf /etc/app.conf
CMD ["app"]
