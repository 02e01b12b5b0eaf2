# golden: --unsafe-fixes
FROM centos:7
# the script ends with a shell here-document: nothing may follow its terminator
RUN <<EOT
set -e
yum install -y httpd
cat > /etc/httpd/conf.d/app.conf <<EOF
Listen 8080
EOF
EOT
