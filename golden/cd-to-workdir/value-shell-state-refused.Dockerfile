# golden: --unsafe-fixes
# finding: 2:1: cd-to-workdir use WORKDIR instead of cd (not fixed: splitting the RUN at cd would lose the shell state (let) set before it)
# finding: 3:1: cd-to-workdir use WORKDIR instead of cd (not fixed: splitting the RUN at cd would lose the shell state (export) set before it)
# finding: 4:1: cd-to-workdir use WORKDIR instead of cd (not fixed: splitting the RUN at cd would lose the shell state (set) set before it)
FROM debian:12
RUN ./prepare.sh && cd /w && let n=3 && cd /v && echo "$n" > count
RUN ./prepare.sh && cd /w && export MODE=fast && cd /v && ./build.sh
RUN ./prepare.sh && cd /w && set -o noglob && cd /v && ./build.sh
CMD ["app"]
