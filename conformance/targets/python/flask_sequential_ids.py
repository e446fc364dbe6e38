#!/usr/bin/python3
"""flask-sequential-ids: a Flask app with its own server-side sessions whose ids are predictable.

The id is the hexadecimal of time.time_ns() (forced strictly increasing): sequential, time-based,
guessable — an entropy analysis of a few ids must flag it. Cookie `sid` is HttpOnly (no Secure,
no SameSite). The login answers 302 with the id in the URL (`Location: /me?sid=...`), and /me
accepts the id from the query string as well as from the cookie (session id in URL). The id is
new at each login, logout really forgets it, and sessions never expire."""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

from flask import Flask, jsonify, redirect, request  # noqa: E402

app = Flask(__name__)
_lock = threading.Lock()
_sessions = {}  # sid -> user
_last = 0


def _new_sid():
    global _last
    with _lock:
        _last = max(_last + 1, time.time_ns())
        return format(_last, "x")


def _sid():
    return request.cookies.get("sid") or request.args.get("sid")


@app.get("/")
def index():
    return "flask-sequential-ids: POST /login, GET /me, POST /logout\n"


@app.post("/login")
def login():
    username, password = common.credentials(request.content_type, request.get_data())
    if not common.credentials_ok(username, password):
        return jsonify(error="bad credentials"), 401
    sid = _new_sid()
    with _lock:
        old = request.cookies.get("sid")
        if old:
            _sessions.pop(old, None)
        _sessions[sid] = username
    response = redirect(f"/me?sid={sid}", code=302)
    response.set_cookie("sid", sid, httponly=True, path="/")
    return response


@app.get("/me")
def me():
    with _lock:
        user = _sessions.get(_sid() or "")
    if user is None:
        return jsonify(error="not logged in"), 401
    return jsonify(user=user)


@app.post("/logout")
def logout():
    sid = _sid()
    if sid:
        with _lock:
            _sessions.pop(sid, None)
    response = jsonify(ok=True)
    response.delete_cookie("sid", path="/", httponly=True)
    return response


if __name__ == "__main__":
    common.serve_werkzeug(app, common.parse_args(__doc__))
