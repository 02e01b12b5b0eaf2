FROM centos:7
RUN yum clean all && yum install -y x
# ---- output ----
FROM centos:7
RUN yum clean all && yum install -y x && yum clean all
