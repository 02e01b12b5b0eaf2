# golden: --unsafe-fixes
# finding: 3:1: merge-run consecutive RUN instructions (not fixed: it runs `yum install` after a `yum clean` or `rm -rf` of the RUNs before; joined, hadolint (DL3032/DL3040/DL3036) would report the clean as missing)
# finding: 4:1: merge-run 3 consecutive RUN instructions can be one [unsafe]
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
