FROM debian:12
RUN useradd -u 100000 app && useradd --uid=1000000 b && useradd -m -u1234567 c
# ---- output ----
FROM debian:12
RUN useradd -l -u 100000 app && useradd -l --uid=1000000 b && useradd -l -m -u1234567 c
