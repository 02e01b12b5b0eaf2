# golden: --unsafe-fixes
FROM centos:7
RUN yum -y update && yum clean all
RUN yum -y install nginx && yum clean all
RUN echo "daemon off;" >> /etc/nginx/nginx.conf
RUN echo done
# ---- output ----
FROM centos:7
RUN yum -y update && yum clean all
RUN yum -y install nginx && yum clean all && \
    echo "daemon off;" >> /etc/nginx/nginx.conf && \
    echo done
