# finding: 3:2: yum-dnf-clean yum cache left in the layer; clean it in the same RUN [safe]
FROM centos:7
RUN yum -y update && \
	yum -y install \
	  foo \
	  bar && \
	make
# ---- output ----
FROM centos:7
RUN yum -y update && \
	yum -y install \
	  foo \
	  bar && \
	make && \
	yum clean all
