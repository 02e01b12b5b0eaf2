FROM centos:7
RUN yum install httpd
RUN yum groupinstall "Development Tools"
RUN dnf module install nodejs:18
RUN zypper install curl
RUN zypper --gpg-auto-import-keys ref && zypper in vim
# ---- output ----
FROM centos:7
RUN yum install -y httpd
RUN yum groupinstall -y "Development Tools"
RUN dnf module install -y nodejs:18
RUN zypper -n install curl
RUN zypper --gpg-auto-import-keys ref && zypper -n in vim
