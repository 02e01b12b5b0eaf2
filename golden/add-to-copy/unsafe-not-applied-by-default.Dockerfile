# finding: 2:1: add-to-copy use COPY instead of ADD for local files and folders [unsafe]
FROM alpine
ADD data /srv/data
