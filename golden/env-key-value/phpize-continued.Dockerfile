# finding: 2:1: env-key-value legacy 'ENV PHPIZE_DEPS value' form; use PHPIZE_DEPS=value [safe]
FROM php:8-cli
ENV PHPIZE_DEPS \
		autoconf \
		dpkg-dev \
		file
RUN apk add $PHPIZE_DEPS
# ---- output ----
FROM php:8-cli
ENV PHPIZE_DEPS="autoconf \
		dpkg-dev \
		file"
RUN apk add $PHPIZE_DEPS
