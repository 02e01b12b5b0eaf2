# golden: --unsafe-fixes --select merge-run,yum-dnf-clean
# finding: 3:5: yum-dnf-clean dnf cache left in the layer; clean it in the same RUN [safe]
# finding: 5:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
FROM rockylinux:9
RUN set -eux && \
    dnf install -y openssh-server tar

RUN set -eux && \
    dnf install -y procps && \
    dnf autoremove -y && \
    dnf clean all
CMD ["/usr/sbin/sshd", "-D"]
# ---- output ----
FROM rockylinux:9
RUN set -eux && \
    dnf install -y openssh-server tar && \
    dnf clean all

RUN set -eux && \
    dnf install -y procps && \
    dnf autoremove -y && \
    dnf clean all
CMD ["/usr/sbin/sshd", "-D"]
