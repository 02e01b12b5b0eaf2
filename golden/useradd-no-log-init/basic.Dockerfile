# finding: 2:5: useradd-no-log-init useradd with UID 100000 and without -l writes huge sparse lastlog/faillog files [safe]
# finding: 2:30: useradd-no-log-init useradd with UID 1000000 and without -l writes huge sparse lastlog/faillog files [safe]
# finding: 2:57: useradd-no-log-init useradd with UID 1234567 and without -l writes huge sparse lastlog/faillog files [safe]
FROM debian:12
RUN useradd -u 100000 app && useradd --uid=1000000 b && useradd -m -u1234567 c
# ---- output ----
FROM debian:12
RUN useradd -l -u 100000 app && useradd -l --uid=1000000 b && useradd -l -m -u1234567 c
