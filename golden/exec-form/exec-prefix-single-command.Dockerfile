# finding: 2:1: exec-form ENTRYPOINT in shell form needs its shell here (a variable or substitution); prefix the command with exec so that the program gets the signals [safe]
# finding: 3:1: exec-form CMD in shell form; use the JSON (exec) form (not fixed: needs a shell: a variable or substitution (already exec-prefixed: the program gets the signals))
# finding: 4:1: exec-form CMD in shell form; use the JSON (exec) form (not fixed: needs a shell: && / & (command lists))
# finding: 5:1: exec-form CMD in shell form; use the JSON (exec) form (not fixed: needs a shell: a variable or substitution)
# finding: 6:1: exec-form CMD in shell form; use the JSON (exec) form (not fixed: needs a shell: a variable or substitution)
# finding: 7:1: exec-form CMD in shell form; use the JSON (exec) form (not fixed: needs a shell: a '$' inside double quotes)
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
