# golden: --unsafe-fixes
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y python3-pip
# the new pip3 goes to /usr/local/bin; a joined shell would still run /usr/bin/pip3
RUN pip3 install --upgrade pip
RUN pip3 install -r requirements.txt
RUN pip3 install gunicorn
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y python3-pip && \
# the new pip3 goes to /usr/local/bin; a joined shell would still run /usr/bin/pip3
    pip3 install --upgrade pip
RUN pip3 install -r requirements.txt && \
    pip3 install gunicorn
