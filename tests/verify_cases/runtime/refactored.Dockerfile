FROM localhost/debian:bookworm
WORKDIR /app
RUN mkdir data \
 && echo 0 > data/count \
 && echo 'n=$(cat data/count); echo $((n + 1)) > data/count && echo "visits: $(cat data/count)"' > run.sh
CMD ["sh", "run.sh"]
