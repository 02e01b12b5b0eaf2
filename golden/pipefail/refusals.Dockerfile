# golden: --unsafe-fixes
FROM scratch
RUN a | b
FROM someorg/tool:1
RUN a | b
FROM debian:12
RUN yes | apt-get install x
FROM debian:12
RUN dpkg -l | head -n 5
FROM debian:12
RUN curl x | tar x && echo "a\nb" > /etc/motd
FROM debian:12
SHELL ["/bin/zsh", "-c"]
RUN a | b
