FROM debian:12
RUN git clone git@github.com:acme/lib.git /src/lib
