# finding: 2:5: apt-to-apt-get use apt-get instead of apt in scripts [safe]
# finding: 2:19: apt-to-apt-get use apt-get instead of apt in scripts [safe]
# finding: 2:42: apt-to-apt-get use apt-get instead of apt in scripts [safe]
# finding: 2:65: apt-to-apt-get use apt-get instead of apt in scripts [safe]
# finding: 2:86: apt-to-apt-get use apt-get instead of apt in scripts [safe]
FROM ubuntu:22.04
RUN apt update && apt install -y curl && apt full-upgrade -y && apt autoremove -y && apt clean
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y curl && apt-get dist-upgrade -y && apt-get autoremove -y && apt-get clean
