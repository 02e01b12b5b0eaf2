FROM centos:7
RUN yum -y update && yum install -y x | tee /tmp/log
# ---- output ----
FROM centos:7
RUN yum -y update && yum install -y x | tee /tmp/log && yum clean all
