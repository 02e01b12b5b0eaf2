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
