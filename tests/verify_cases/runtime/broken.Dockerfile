FROM localhost/debian:bookworm
WORKDIR /app
RUN mkdir data && echo 0 > data/count
RUN echo 'n=$(cat data/count); echo $((n + 1)) > data/count && echo "visits: $(cat data/count)"' > run.sh
RUN groupadd -r app && useradd -r -g app app
USER app
CMD ["sh", "run.sh"]
