FROM localhost/debian:bookworm
RUN echo ok > /ok.txt
