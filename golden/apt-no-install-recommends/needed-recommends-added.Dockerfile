# golden: --unsafe-fixes
# finding: 2:23: apt-no-install-recommends `apt-get install` without --no-install-recommends also installs recommended packages; the fix installs ca-certificates (recommended by wget: TLS downloads (curl, wget, git over https) fail without the CA bundle), libc6-dev (recommended by gcc: a C compile fails without the C library headers (stdio.h)), automake (recommended by autoconf: autoreconf/autogen.sh need automake) by name [unsafe]
# finding: 5:23: apt-no-install-recommends `apt-get install` without --no-install-recommends also installs recommended packages; the fix installs build-essential (recommended by python3-pip: pip builds packages from source with a compiler), python3-dev (recommended by python3-pip: pip builds packages from source against the Python headers) by name [unsafe]
# finding: 6:23: apt-no-install-recommends `apt-get install` without --no-install-recommends also installs recommended packages [unsafe]
FROM debian:12
RUN apt-get update && apt-get install -y gcc autoconf wget && rm -rf /var/lib/apt/lists/*
RUN wget -q https://example.com/src.tgz && tar xzf src.tgz && autoreconf -i && ./configure && make

RUN apt-get update && apt-get install -y python3-pip && pip3 install flask && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y jq && rm -rf /var/lib/apt/lists/*
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install --no-install-recommends -y gcc autoconf wget ca-certificates libc6-dev automake && rm -rf /var/lib/apt/lists/*
RUN wget -q https://example.com/src.tgz && tar xzf src.tgz && autoreconf -i && ./configure && make

RUN apt-get update && apt-get install --no-install-recommends -y python3-pip build-essential python3-dev && pip3 install flask && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install --no-install-recommends -y jq && rm -rf /var/lib/apt/lists/*
