# golden: --unsafe-fixes
# finding: 2:5: apt-to-apt-get use apt-get instead of apt in scripts [safe]
# finding: 2:19: apt-to-apt-get use apt-get instead of apt in scripts [unsafe]
# finding: 2:37: apt-to-apt-get use apt-get instead of apt in scripts [unsafe]
FROM ubuntu:22.04
RUN apt update && apt upgrade -y && apt install -y ./local.deb
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get upgrade --with-new-pkgs -y && apt-get install -y ./local.deb
