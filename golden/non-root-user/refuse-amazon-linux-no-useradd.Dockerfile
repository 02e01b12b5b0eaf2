# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER) (not fixed: Amazon Linux images may have no useradd: installing shadow-utils for it would add an unpinned package (hadolint DL3041/DL3033); install it and create the account yourself, or add a numeric USER)
FROM amazonlinux:2023
RUN dnf install -y python3 && dnf clean all
COPY app.py /opt/app/
CMD ["python3", "/opt/app/app.py"]
