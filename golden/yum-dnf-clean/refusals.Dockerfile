# finding: 2:29: yum-dnf-clean yum cache left in the layer; clean it in the same RUN (not fixed: the install does not always run (condition, loop, function or ||))
# finding: 3:51: yum-dnf-clean yum cache left in the layer; clean it in the same RUN (not fixed: the RUN uses several package managers)
# finding: 4:46: yum-dnf-clean yum cache left in the layer; clean it in the same RUN (not fixed: the package cache is a RUN --mount=type=cache target)
# finding: 5:5: yum-dnf-clean yum cache left in the layer; clean it in the same RUN (not fixed: the RUN's last command runs in the background)
# finding: 6:32: yum-dnf-clean yum cache left in the layer; clean it in the same RUN (not fixed: the install does not always run (condition, loop, function or ||))
# finding: 9:5: yum-dnf-clean microdnf cache left in the layer; clean it in the same RUN (not fixed: the RUN removes the package manager after installing)
FROM centos:7
RUN if command -v yum; then yum install -y x; fi
RUN command -v apt-get && apt-get install -y x || yum install -y x
RUN --mount=type=cache,target=/var/cache/yum yum install -y x
RUN yum install -y x &
RUN cat > /etc/x.conf <<EOF && yum install -y x
a=b
EOF
RUN microdnf install -y x && rpm -e --nodeps microdnf
