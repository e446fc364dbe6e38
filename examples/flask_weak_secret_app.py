#!/usr/bin/python3
"""A small Flask app with the classic mistakes: SECRET_KEY = "changeme", the role readable in the
signed session cookie, no Secure flag. Serves on 127.0.0.1 on a free port and prints the port."""
import sys

from flask import Flask, abort, request, session
from werkzeug.serving import make_server

app = Flask(__name__)
app.secret_key = "changeme"


@app.post("/login")
def login():
    if request.form.get("username") != "alice" or request.form.get("password") != "wonderland":
        abort(401)
    session["user"] = "alice"
    session["role"] = "user"
    return "logged in\n"


@app.get("/admin")
def admin():
    if session.get("role") != "admin":
        abort(403)
    return f"admin area, welcome {session['user']}\n"


if __name__ == "__main__":
    server = make_server("127.0.0.1", 0, app)
    print(server.server_port, flush=True)
    sys.stdout.close()
    server.serve_forever()
