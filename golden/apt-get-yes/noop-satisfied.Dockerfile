# findings: none
FROM debian:12
RUN apt-get install -y a && apt-get install --yes b && apt-get -qq install c \
 && apt-get install -q -q d && apt-get -yq install e && apt-get install --assume-yes f \
 && apt-get install -q=2 g && apt-get update && apt-get clean
RUN apt-get $CMD foo
RUN ["apt-get", "install", "foo"]
