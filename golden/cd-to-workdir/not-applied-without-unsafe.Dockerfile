FROM debian:12
RUN cd /src && make
