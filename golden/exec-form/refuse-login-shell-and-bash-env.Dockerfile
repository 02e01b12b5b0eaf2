# golden: --unsafe-fixes
# finding: 5:1: exec-form CMD in shell form; use the JSON (exec) form (not fixed: the SHELL runs --login: the shell form reads start-up files (PATH, conda/nvm/rvm set-up) before the command; the exec form would not)
# finding: 8:1: exec-form ENTRYPOINT in shell form; use the JSON (exec) form (not fixed: the SHELL is a login shell (-lc): the shell form reads start-up files (PATH, conda/nvm/rvm set-up) before the command; the exec form would not)
# finding: 12:1: exec-form CMD in shell form; use the JSON (exec) form (not fixed: ENV BASH_ENV (line 10) makes bash read that file first: the shell form reads start-up files (PATH, conda/nvm/rvm set-up) before the command; the exec form would not)
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
