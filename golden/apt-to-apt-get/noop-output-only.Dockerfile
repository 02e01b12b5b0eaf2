# finding: 2:5: apt-to-apt-get use apt-get instead of apt in scripts (not fixed: `apt list` only prints information and apt-get has no command with the same output)
# finding: 2:29: apt-to-apt-get use apt-get instead of apt in scripts (not fixed: `apt show` only prints information and apt-get has no command with the same output)
# finding: 2:46: apt-to-apt-get use apt-get instead of apt in scripts (not fixed: `apt search` only prints information and apt-get has no command with the same output)
FROM ubuntu:22.04
RUN apt list --installed && apt show curl && apt search vim && apt-get install -y apt
RUN apt-key add key.gpg && echo apt install
