# golden: --unsafe-fixes
# finding: 5:1: yum-dnf-clean yum cache left in the layer; clean it in the same RUN (not fixed: the RUN's last command has a here-document)
FROM centos:7
# the script ends with a shell here-document: nothing may follow its terminator
RUN <<EOT
set -e
yum install -y httpd
cat > /etc/httpd/conf.d/app.conf <<EOF
Listen 8080
EOF
EOT
