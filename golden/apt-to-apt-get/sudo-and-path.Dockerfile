# finding: 3:5: apt-to-apt-get use apt-get instead of apt in scripts [safe]
# finding: 3:33: apt-to-apt-get use apt-get instead of apt in scripts [safe]
FROM ubuntu:22.04
USER bob
RUN sudo apt install -y curl && /usr/bin/apt update
# ---- output ----
FROM ubuntu:22.04
USER bob
RUN sudo apt-get install -y curl && /usr/bin/apt-get update
