#!/usr/bin/python3
"""flask-secure: Flask's signed session cookie used only as a carrier for an opaque server id.

`__Host-session` (Secure, HttpOnly, SameSite=Lax, Path=/, no Domain), signed with a random 32-byte
secret per process; the session holds only `sid`, a 256-bit random id the server keeps in a table
of live sessions. Login starts a new session (new sid, old one dropped); logout removes the sid
from the table and expires the cookie with the same attributes, so a replayed cookie fails. The
session is permanent with a 10 s lifetime (cookie Expires/Max-Age, itsdangerous max_age) and the
server also refuses sids created more than 10 s ago (absolute timeout, enforced server-side)."""
import os
import secrets
import sys
import threading
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

from flask import Flask, jsonify, request, session  # noqa: E402

LIFETIME_S = 10

app = Flask(__name__)
app.config.update(
    SECRET_KEY=secrets.token_bytes(32),
    SESSION_COOKIE_NAME="__Host-session",
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
    SESSION_COOKIE_PATH="/",
    SESSION_COOKIE_DOMAIN=False,
    PERMANENT_SESSION_LIFETIME=timedelta(seconds=LIFETIME_S),
)

_lock = threading.Lock()
_live = {}  # sid -> (user, monotonic creation time)


def _current_user():
    sid = session.get("sid")
    if not isinstance(sid, str):
        return None
    with _lock:
        entry = _live.get(sid)
        if entry is None:
            return None
        user, created = entry
        if time.monotonic() - created > LIFETIME_S:
            del _live[sid]
            return None
        return user


@app.get("/")
def index():
    return "flask-secure: POST /login, GET /me, POST /logout\n"


@app.post("/login")
def login():
    username, password = common.credentials(request.content_type, request.get_data())
    if not common.credentials_ok(username, password):
        return jsonify(error="bad credentials"), 401
    old = session.get("sid")
    sid = secrets.token_urlsafe(32)
    with _lock:
        if isinstance(old, str):
            _live.pop(old, None)
        _live[sid] = (username, time.monotonic())
    session.clear()
    session["sid"] = sid
    session.permanent = True
    return jsonify(ok=True, user=username)


@app.get("/me")
def me():
    user = _current_user()
    if user is None:
        return jsonify(error="not logged in"), 401
    return jsonify(user=user)


@app.post("/logout")
def logout():
    sid = session.get("sid")
    if isinstance(sid, str):
        with _lock:
            _live.pop(sid, None)
    session.clear()  # Flask answers with a deletion cookie carrying the same attributes
    return jsonify(ok=True)


if __name__ == "__main__":
    common.serve_werkzeug(app, common.parse_args(__doc__))
