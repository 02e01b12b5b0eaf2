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
