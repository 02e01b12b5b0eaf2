# finding: 2:22: yum-dnf-clean yum cache left in the layer; clean it in the same RUN [safe]
FROM centos:7
RUN yum clean all && yum install -y x
# ---- output ----
FROM centos:7
RUN yum clean all && yum install -y x && yum clean all
