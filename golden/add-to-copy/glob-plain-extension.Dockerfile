# finding: 3:1: add-to-copy use COPY instead of ADD for local files and folders [safe]
# finding: 4:1: add-to-copy use COPY instead of ADD for local files and folders [safe]
# finding: 6:1: add-to-copy use COPY instead of ADD for local files and folders (not fixed: the glob assets/* could match a tar archive, which ADD unpacks)
FROM alpine
# every match ends in .sh / .conf / .txt: ADD never unpacks them
ADD scripts/*.sh /usr/local/bin/
ADD conf/*.conf requirements*.txt /etc/app/
# a glob that could match an archive stays (refused)
ADD assets/* /srv/
ADD dist/*.tar.gz /srv/
# ---- output ----
FROM alpine
# every match ends in .sh / .conf / .txt: ADD never unpacks them
COPY scripts/*.sh /usr/local/bin/
COPY conf/*.conf requirements*.txt /etc/app/
# a glob that could match an archive stays (refused)
ADD assets/* /srv/
ADD dist/*.tar.gz /srv/
