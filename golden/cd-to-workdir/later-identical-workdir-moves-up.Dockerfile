# golden: --unsafe-fixes --select cd-to-workdir
# finding: 3:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
FROM debian:12
COPY app /usr/share/app
RUN mkdir -p /etc/app && \
    cd /usr/share/app/ && \
    rm -rf tests
EXPOSE 8080

WORKDIR /usr/share/app
COPY entrypoint.sh /usr/bin/
CMD ["/usr/bin/entrypoint.sh"]
# ---- output ----
FROM debian:12
COPY app /usr/share/app
WORKDIR /usr/share/app
RUN mkdir -p /etc/app && \
    rm -rf tests
EXPOSE 8080

COPY entrypoint.sh /usr/bin/
CMD ["/usr/bin/entrypoint.sh"]
