# golden: --unsafe-fixes
# finding: 3:1: merge-run consecutive RUN instructions (not fixed: the RUNs before are a long build step (`apt-get install`) and this RUN another (`pip install`) that removes nothing they added: joined, a change to either would rebuild both, for no smaller image)
# finding: 4:1: merge-run consecutive RUN instructions (not fixed: the RUNs before are a long build step (`pip install`) and this quick RUN removes nothing: joined, every change to it would rebuild the long step, for no smaller image)
# finding: 5:1: merge-run consecutive RUN instructions (not fixed: joining gains nothing: the RUN removes nothing the RUNs before added and left, uses no package index they fetched and restarts none of their services; one layer fewer is no smaller image, and a change to either RUN would rebuild both)
# finding: 6:1: merge-run consecutive RUN instructions (not fixed: joining gains nothing: the RUN removes nothing the RUNs before added and left, uses no package index they fetched and restarts none of their services; one layer fewer is no smaller image, and a change to either RUN would rebuild both)
# finding: 7:1: merge-run consecutive RUN instructions (not fixed: the RUNs before are a long build step (`pip install`) and this RUN another (`pip install`) that removes nothing they added: joined, a change to either would rebuild both, for no smaller image)
# finding: 8:1: merge-run consecutive RUN instructions (not fixed: the RUNs before are a long build step (`pip install`) and this quick RUN removes nothing: joined, every change to it would rebuild the long step, for no smaller image)
# finding: 9:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
# finding: 10:1: merge-run consecutive RUN instructions (not fixed: the RUNs before are a long build step (`apt-get install`) and this RUN another (`curl`) that removes nothing they added: joined, a change to either would rebuild both, for no smaller image)
# finding: 11:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends python3-pip && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir awscli && rm -rf /var/lib/apt/lists/*
RUN a2enmod ssl
RUN a2enmod rewrite
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir pytest
RUN apt-get update
RUN apt-get install -y curl
RUN curl -fsSLo /tmp/app.zip https://example.com/app.zip && unzip /tmp/app.zip -d /opt/app
RUN rm /tmp/app.zip
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends python3-pip && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir awscli && rm -rf /var/lib/apt/lists/*
RUN a2enmod ssl
RUN a2enmod rewrite
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir pytest
RUN apt-get update && \
    apt-get install -y curl
RUN curl -fsSLo /tmp/app.zip https://example.com/app.zip && unzip /tmp/app.zip -d /opt/app && \
    rm /tmp/app.zip
