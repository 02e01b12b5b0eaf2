# golden: --unsafe-fixes
FROM alpine
CMD echo $HOME
CMD a && b
CMD cat x | grep y
CMD run > log
CMD ls *.txt
CMD ls ~/x
CMD cd /app
CMD FOO=1 app
CMD echo "a\"b"
ENTRYPOINT if true; then x; fi
# ---- output ----
FROM alpine
CMD exec echo $HOME
CMD a && b
CMD cat x | grep y
CMD exec run > log
CMD exec ls *.txt
CMD exec ls ~/x
CMD cd /app
CMD FOO=1 app
CMD exec echo "a\"b"
ENTRYPOINT if true; then x; fi
