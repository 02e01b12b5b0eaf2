# golden: --unsafe-fixes
# finding: 1:6: base-image FROM python:3.12 is the full image; python:3.12-slim has the same version with far fewer packages (smaller, fewer CVEs). Caveat: no compilers, headers, git or curl [display-only]
FROM python:3.12
RUN apt-get update && apt-get install -y gcc libpq-dev
RUN pip install -r requirements.txt
