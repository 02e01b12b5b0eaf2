FROM alpine
ENTRYPOINT /bin/true
CMD app --flag
# ---- output ----
FROM alpine
ENTRYPOINT /bin/true
CMD ["app", "--flag"]
