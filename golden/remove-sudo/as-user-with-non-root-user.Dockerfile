# golden: --unsafe-fixes --select remove-sudo,non-root-user
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y git && useradd -u 1001 -m app
RUN sudo -u app git clone https://example.com/src.git /home/app/src
RUN make -C /home/app/src install
CMD ["make", "-C", "/home/app/src", "run"]
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y git && useradd -u 1001 -m app
USER 1001
RUN git clone https://example.com/src.git /home/app/src
USER 0
RUN make -C /home/app/src install
USER 1001
CMD ["make", "-C", "/home/app/src", "run"]
