# golden: --unsafe-fixes
FROM continuumio/miniconda3
# a login shell reads /etc/profile (Debian's resets PATH) and ~/.bashrc (conda init)
SHELL ["/bin/bash", "--login", "-c"]
RUN conda init bash
CMD python app.py
FROM debian:12 AS short-option
SHELL ["/bin/bash", "-lc"]
ENTRYPOINT uvicorn app:app
FROM debian:12 AS bash-env
ENV BASH_ENV=/root/.nvm/nvm.sh
SHELL ["/bin/bash", "-c"]
CMD node server.js
