FROM centos:7
RUN yum install -y httpd
RUN dnf install -y nginx # web server
RUN zypper -n install curl
RUN microdnf install -y shadow-utils
# ---- output ----
FROM centos:7
RUN yum install -y httpd && yum clean all
RUN dnf install -y nginx && dnf clean all # web server
RUN zypper -n install curl && zypper clean -a
RUN microdnf install -y shadow-utils && microdnf clean all
