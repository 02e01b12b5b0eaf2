FROM scratch
COPY app /app
CMD /app --port 8080
# ---- output ----
FROM scratch
COPY app /app
CMD ["/app", "--port", "8080"]
