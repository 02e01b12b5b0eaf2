# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER) (not fixed: the command runs sshd, which needs root)
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y openssh-server
CMD ["/usr/sbin/sshd", "-D"]
