FROM centos:7
RUN if command -v yum; then yum install -y x; fi
RUN command -v apt-get && apt-get install -y x || yum install -y x
RUN --mount=type=cache,target=/var/cache/yum yum install -y x
RUN yum install -y x &
RUN cat > /etc/x.conf <<EOF && yum install -y x
a=b
EOF
RUN microdnf install -y x && rpm -e --nodeps microdnf
