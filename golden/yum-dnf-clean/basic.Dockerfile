# finding: 2:5: yum-dnf-clean yum cache left in the layer; clean it in the same RUN [safe]
# finding: 3:5: yum-dnf-clean dnf cache left in the layer; clean it in the same RUN [safe]
# finding: 4:5: yum-dnf-clean zypper cache left in the layer; clean it in the same RUN [safe]
# finding: 5:5: yum-dnf-clean microdnf cache left in the layer; clean it in the same RUN [safe]
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
