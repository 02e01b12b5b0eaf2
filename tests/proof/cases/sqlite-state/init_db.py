import sqlite3

db = sqlite3.connect("data/app.db")
db.execute("create table visits (n integer)")
db.commit()
with open("logs/build.log", "w") as f:
    f.write("database created\n")
