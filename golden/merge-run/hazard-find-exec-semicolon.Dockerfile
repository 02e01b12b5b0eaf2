# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 3:1: merge-run 6 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN chown -R www-data:www-data /var/www
RUN find /var/www -type f -exec chmod g+rw {} \;
RUN find /var/www -type d -exec chmod g+rwxs '{}' ';'
RUN find /home -name '*.sh' -exec chmod +x {} \; ;
RUN rm -f /tmp/a;
RUN echo done
# ---- output ----
FROM debian:12
RUN chown -R www-data:www-data /var/www && \
    find /var/www -type f -exec chmod g+rw {} \; && \
    find /var/www -type d -exec chmod g+rwxs '{}' ';' && \
    find /home -name '*.sh' -exec chmod +x {} \; && \
    rm -f /tmp/a && \
    echo done
