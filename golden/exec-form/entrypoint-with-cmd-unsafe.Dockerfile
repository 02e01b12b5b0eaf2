# golden: --unsafe-fixes
FROM alpine
ENTRYPOINT /entry.sh --serve
CMD serve
# ---- output ----
FROM alpine
ENTRYPOINT ["/entry.sh", "--serve"]
CMD ["serve"]
