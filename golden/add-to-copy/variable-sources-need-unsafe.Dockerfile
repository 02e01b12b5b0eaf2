# finding: 3:1: add-to-copy use COPY instead of ADD for local files and folders [unsafe]
FROM alpine
ARG MODEL=model.onnx
ADD "${MODEL}" /models/
