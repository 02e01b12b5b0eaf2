FROM alpine
ENTRYPOINT /run.sh --port $PORT > /log 2>&1
CMD exec java $X
CMD a && b
CMD X=1 app $Y
CMD cd $D
CMD "$BIN" -v
# ---- output ----
FROM alpine
ENTRYPOINT exec /run.sh --port $PORT > /log 2>&1
CMD exec java $X
CMD a && b
CMD X=1 app $Y
CMD cd $D
CMD "$BIN" -v
