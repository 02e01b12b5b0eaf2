# findings: none
FROM debian:12
RUN useradd -u 1000 app && useradd -l -u 100000 b && useradd --no-log-init -u 100000 c && useradd -rlu 200000 d
RUN useradd app2 && adduser -u 100000 e && useradd -c "-u 100000" f
