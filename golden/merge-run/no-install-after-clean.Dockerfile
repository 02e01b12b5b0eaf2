# golden: --unsafe-fixes
# finding: 3:1: merge-run consecutive RUN instructions (not fixed: it runs `yum install` after a `yum clean` or `rm -rf` of the RUNs before; joined, hadolint (DL3032/DL3040/DL3036) would report the clean as missing)
# finding: 4:1: merge-run consecutive RUN instructions (not fixed: the RUNs before are a long build step (`yum install`) and this quick RUN removes nothing: joined, every change to it would rebuild the long step, for no smaller image)
# finding: 5:1: merge-run consecutive RUN instructions (not fixed: joining gains nothing: the RUN removes nothing the RUNs before added and left, uses no package index they fetched and restarts none of their services; one layer fewer is no smaller image, and a change to either RUN would rebuild both)
FROM centos:7
RUN yum -y update && yum clean all
RUN yum -y install nginx && yum clean all
RUN echo "daemon off;" >> /etc/nginx/nginx.conf
RUN echo done
