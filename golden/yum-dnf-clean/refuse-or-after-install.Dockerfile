# finding: 3:23: yum-dnf-clean yum cache left in the layer; clean it in the same RUN (not fixed: the install does not always run (condition, loop, function or ||))
# finding: 4:15: yum-dnf-clean dnf cache left in the layer; clean it in the same RUN (not fixed: the install does not always run (condition, loop, function or ||))
# finding: 5:27: yum-dnf-clean dnf cache left in the layer; clean it in the same RUN (not fixed: the install does not always run (condition, loop, function or ||))
FROM rockylinux:9
# when `command -v yum` fails, `echo` runs: a `yum clean all` after it would fail the build
RUN command -v yum && yum install -y git || echo "no yum here"
RUN true || ( dnf install -y git )
RUN dnf install -y git || dnf install -y git-core
