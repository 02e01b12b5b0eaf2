import sqlite3

db = sqlite3.connect("data/app.db")
db.execute("insert into visits values (1)")
db.commit()
with open("logs/app.log", "a") as f:
    f.write("visit\n")
print("visits:", db.execute("select count(*) from visits").fetchone()[0])
