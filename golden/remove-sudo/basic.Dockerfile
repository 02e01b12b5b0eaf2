# finding: 2:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [safe]
# finding: 2:28: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [safe]
# finding: 2:68: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [safe]
FROM ubuntu:22.04
RUN sudo apt-get update && sudo -E apt-get install -y sudo curl && sudo chmod 755 /opt
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y sudo curl && chmod 755 /opt
