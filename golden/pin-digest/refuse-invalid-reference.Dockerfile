# golden: --option offline=true --option pin-cache=false
# finding: 1:6: pin-digest FROM image Python:3.12 cannot be pinned (not fixed: invalid reference format: repository name (library/Python) must be lowercase: Python:3.12)
# finding: 2:13: pin-digest COPY --from image UPPER/Case:1 cannot be pinned (not fixed: invalid reference format: repository name (Case) must be lowercase: UPPER/Case:1)
FROM Python:3.12
COPY --from=UPPER/Case:1 /a /b
