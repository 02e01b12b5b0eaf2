FROM centos:7
RUN yum -y install \
        httpd \
    && echo done
# ---- output ----
FROM centos:7
RUN yum -y install \
        httpd \
    && echo done \
    && yum clean all
