FROM alpine
ADD data /srv/data
