FROM localhost/debian:bookworm
RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/99norecommends \
 && mkdir -p /opt/base && echo base > /opt/base/VERSION
RUN groupadd -r app && useradd -r -g app app
USER app
