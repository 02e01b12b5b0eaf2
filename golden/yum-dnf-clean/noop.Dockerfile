# findings: none
FROM centos:7
RUN yum install -y x && yum clean all
RUN dnf install -y x && rm -rf /var/cache/dnf
RUN yum -y install x; rm -rf /var/cache/yum/*
RUN zypper -n in x && zypper cc
RUN yum makecache
