# finding: 2:5: yum-dnf-clean yum cache left in the layer; clean it in the same RUN [safe]
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
