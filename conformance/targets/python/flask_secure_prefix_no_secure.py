#!/usr/bin/python3
"""flask-secure-prefix-no-secure: a `__Secure-` cookie name without the Secure attribute.

Flask's signed client-side session, well configured except for one thing: the cookie is named
`__Secure-session` (SESSION_COOKIE_NAME) but SESSION_COOKIE_SECURE is False, so the Set-Cookie
line lacks Secure. RFC 6265bis (and every current browser) refuses a `__Secure-` cookie without
Secure, over http and over https alike: a browser never stores the session, so the app cannot be
used from a browser at all, although the server itself works with the value it sent. Flask's
logout deletion carries the same attributes (no Secure), so a browser ignores it too.

Otherwise: random 32-byte SECRET_KEY per process, HttpOnly (Flask's default), SameSite=Lax,
non-permanent (browser-session cookie; Flask's 31-day max_age only inside the signature), payload
`user`; logout only `session.clear()` (stateless: a replayed cookie still logs in)."""
import os
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

from flask import Flask, jsonify, request, session  # noqa: E402

app = Flask(__name__)
app.config.update(
    SECRET_KEY=secrets.token_bytes(32),
    SESSION_COOKIE_NAME="__Secure-session",
    SESSION_COOKIE_SECURE=False,  # the mistake: the __Secure- prefix requires Secure
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
)


@app.get("/")
def index():
    return "flask-secure-prefix-no-secure: POST /login, GET /me, POST /logout\n"


@app.post("/login")
def login():
    username, password = common.credentials(request.content_type, request.get_data())
    if not common.credentials_ok(username, password):
        return jsonify(error="bad credentials"), 401
    session.clear()
    session["user"] = username
    return jsonify(ok=True, user=username)


@app.get("/me")
def me():
    if "user" not in session:
        return jsonify(error="not logged in"), 401
    return jsonify(user=session["user"])


@app.post("/logout")
def logout():
    session.clear()
    return jsonify(ok=True)


if __name__ == "__main__":
    common.serve_werkzeug(app, common.parse_args(__doc__))
