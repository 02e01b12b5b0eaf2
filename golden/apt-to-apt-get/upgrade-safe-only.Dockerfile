# finding: 2:5: apt-to-apt-get use apt-get instead of apt in scripts [unsafe]
# finding: 2:23: apt-to-apt-get use apt-get instead of apt in scripts [unsafe]
# finding: 2:53: apt-to-apt-get use apt-get instead of apt in scripts [safe]
FROM ubuntu:22.04
RUN apt upgrade -y && apt install -y ./local.deb && apt install -y curl
# ---- output ----
FROM ubuntu:22.04
RUN apt upgrade -y && apt install -y ./local.deb && apt-get install -y curl
