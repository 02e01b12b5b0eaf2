# findings: none
FROM centos:7
RUN yum install -y httpd && yum -y install x && yum --assumeyes install z
RUN dnf -yq install x && yum clean all
RUN zypper -n install curl && zypper install -y x && zypper --non-interactive rm y
RUN yum install --assumeno x
RUN yum makecache && yum list installed
