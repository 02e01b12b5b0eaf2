# golden: --unsafe-fixes
FROM alpine
CMD python "my app.py" --name="x'y" \
    --verbose
# ---- output ----
FROM alpine
CMD ["python", "my app.py", "--name=x'y", "--verbose"]
