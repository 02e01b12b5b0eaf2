# golden: --unsafe-fixes
# finding: 1:6: base-image FROM nginx:1.31 is the full image; nginx:1.31-alpine is much smaller with fewer CVEs. Caveat: musl libc and busybox (prebuilt binaries and wheels may not work), no compilers [unsafe]
FROM nginx:1.31
COPY site/ /usr/share/nginx/html/
# ---- output ----
FROM nginx:1.31-alpine
COPY site/ /usr/share/nginx/html/
