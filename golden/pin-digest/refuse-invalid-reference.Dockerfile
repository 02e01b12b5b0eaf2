# golden: --option offline=true --option pin-cache=false
FROM Python:3.12
COPY --from=UPPER/Case:1 /a /b
