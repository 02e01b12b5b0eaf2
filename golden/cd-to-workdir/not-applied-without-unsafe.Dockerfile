# finding: 2:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
FROM debian:12
RUN cd /src && make
