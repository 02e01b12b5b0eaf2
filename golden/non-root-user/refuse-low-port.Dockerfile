# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER) (not fixed: EXPOSE 80 is below 1024 and nothing grants cap_net_bind_service)
FROM python:3.12-slim
RUN pip install flask
EXPOSE 80
CMD ["flask", "run", "--host=0.0.0.0", "--port=80"]
