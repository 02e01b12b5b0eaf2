FROM alpine
ENTRYPOINT /entry.sh
