# golden: --option offline=true --option pin-cache=false --option refresh-pins=true
# finding: 1:6: pin-digest FROM image python:3.12@sha256:0b1f4f3a0f4a26d4f1aef2b10bd4e9a2d4f2b3d2c4e0f1a2b3c4d5e6f7a8b9c0 is not pinned to a digest (not fixed: docker.io: not in the cache (--offline))
FROM python:3.12@sha256:0b1f4f3a0f4a26d4f1aef2b10bd4e9a2d4f2b3d2c4e0f1a2b3c4d5e6f7a8b9c0
