# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 4:1: merge-run consecutive RUN instructions (not fixed: the RUNs before are a long build step (`apt-get install`) and this RUN another (`pip3 install`) that removes nothing they added: joined, a change to either would rebuild both, for no smaller image)
# finding: 5:1: merge-run consecutive RUN instructions (not fixed: a RUN before runs `pip3` and then may install a new `pip3`; joined, the shell would keep running the `pip3` it found first (it remembers command paths))
# finding: 6:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y python3-pip
# the new pip3 goes to /usr/local/bin; a joined shell would still run /usr/bin/pip3
RUN pip3 install --upgrade pip
RUN pip3 install -r requirements.txt
RUN pip3 install gunicorn
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y python3-pip
# the new pip3 goes to /usr/local/bin; a joined shell would still run /usr/bin/pip3
RUN pip3 install --upgrade pip
RUN pip3 install -r requirements.txt && \
    pip3 install gunicorn
