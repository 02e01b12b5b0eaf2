# finding: 2:22: yum-dnf-clean yum cache left in the layer; clean it in the same RUN [safe]
FROM centos:7
RUN yum -y update && yum install -y x | tee /tmp/log
# ---- output ----
FROM centos:7
RUN yum -y update && yum install -y x | tee /tmp/log && yum clean all
