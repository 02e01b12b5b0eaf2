# golden: --unsafe-fixes
FROM python:3.12-slim
RUN pip install flask
EXPOSE 80
CMD ["flask", "run", "--host=0.0.0.0", "--port=80"]
