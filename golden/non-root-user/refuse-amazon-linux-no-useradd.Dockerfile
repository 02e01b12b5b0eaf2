# golden: --unsafe-fixes
FROM amazonlinux:2023
RUN dnf install -y python3 && dnf clean all
COPY app.py /opt/app/
CMD ["python3", "/opt/app/app.py"]
