FROM localhost/debian:bookworm
RUN mkdir -p /opt/app && \
    echo one > /opt/app/one.txt && \
    echo two > /opt/app/two.txt && chmod 600 /opt/app/two.txt
