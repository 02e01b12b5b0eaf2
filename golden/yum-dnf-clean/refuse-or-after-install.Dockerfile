FROM rockylinux:9
# when `command -v yum` fails, `echo` runs: a `yum clean all` after it would fail the build
RUN command -v yum && yum install -y git || echo "no yum here"
RUN true || ( dnf install -y git )
RUN dnf install -y git || dnf install -y git-core
