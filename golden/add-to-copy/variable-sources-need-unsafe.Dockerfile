FROM alpine
ARG MODEL=model.onnx
ADD "${MODEL}" /models/
