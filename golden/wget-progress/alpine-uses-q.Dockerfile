# finding: 3:5: wget-progress wget without a progress setting; add -q [safe]
FROM alpine:3.19
# busybox wget has no --progress: -q is used
RUN wget https://example.com/app.tar.gz
# ---- output ----
FROM alpine:3.19
# busybox wget has no --progress: -q is used
RUN wget -q https://example.com/app.tar.gz
