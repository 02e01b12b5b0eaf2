# golden: --unsafe-fixes
# finding: 2:1: exec-form CMD in shell form needs its shell here (a variable or substitution); prefix the command with exec so that the program gets the signals [safe]
# finding: 3:1: exec-form CMD in shell form; use the JSON (exec) form (not fixed: needs a shell: && / & (command lists))
# finding: 4:1: exec-form CMD in shell form; use the JSON (exec) form (not fixed: needs a shell: a pipe or ||)
# finding: 5:1: exec-form CMD in shell form needs its shell here (a redirection); prefix the command with exec so that the program gets the signals [safe]
# finding: 6:1: exec-form CMD in shell form needs its shell here (a glob); prefix the command with exec so that the program gets the signals [safe]
# finding: 7:1: exec-form CMD in shell form needs its shell here (a ~ (home directory) expansion); prefix the command with exec so that the program gets the signals [safe]
# finding: 8:1: exec-form CMD in shell form; use the JSON (exec) form (not fixed: needs a shell: 'cd' is a shell builtin or keyword)
# finding: 9:1: exec-form CMD in shell form; use the JSON (exec) form (not fixed: needs a shell: a variable assignment)
# finding: 10:1: exec-form CMD in shell form needs its shell here (a '\\' inside double quotes); prefix the command with exec so that the program gets the signals [safe]
# finding: 11:1: exec-form ENTRYPOINT in shell form; use the JSON (exec) form (not fixed: needs a shell: a command list (;))
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
