# golden: --unsafe-fixes
# finding: 1:6: base-image FROM python:3.12@sha256:4a6b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f is the full image; python:3.12-slim has the same version with far fewer packages (smaller, fewer CVEs). Caveat: no compilers, headers, git or curl (not fixed: pinned by digest: change the tag and re-pin)
FROM python:3.12@sha256:4a6b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f
COPY app.py /app/
