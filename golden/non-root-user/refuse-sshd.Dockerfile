# golden: --unsafe-fixes
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y openssh-server
CMD ["/usr/sbin/sshd", "-D"]
