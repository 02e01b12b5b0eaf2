# finding: 2:5: yum-dnf-yes yum install without -y asks for confirmation [safe]
# finding: 3:5: yum-dnf-yes yum groupinstall without -y asks for confirmation [safe]
# finding: 4:5: yum-dnf-yes dnf install without -y asks for confirmation [safe]
# finding: 5:5: yum-dnf-yes zypper install without -n asks for confirmation [safe]
# finding: 6:42: yum-dnf-yes zypper in without -n asks for confirmation [safe]
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
