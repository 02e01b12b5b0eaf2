# golden: --unsafe-fixes
FROM python:3.12
RUN apt-get update && apt-get install -y gcc libpq-dev
RUN pip install -r requirements.txt
