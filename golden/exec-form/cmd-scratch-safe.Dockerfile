# finding: 3:1: exec-form CMD in shell form; use the JSON (exec) form [safe]
FROM scratch
COPY app /app
CMD /app --port 8080
# ---- output ----
FROM scratch
COPY app /app
CMD ["/app", "--port", "8080"]
