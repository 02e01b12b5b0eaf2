# golden: --unsafe-fixes
# finding: 2:1: exec-form CMD in shell form; use the JSON (exec) form [unsafe]
FROM alpine
CMD python "my app.py" --name="x'y" \
    --verbose
# ---- output ----
FROM alpine
CMD ["python", "my app.py", "--name=x'y", "--verbose"]
