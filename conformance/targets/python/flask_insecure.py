#!/usr/bin/python3
"""flask-insecure: Flask's default client-side session with the classic mistakes.

Intended flaws: SECRET_KEY "changeme" (in knox's bundled list), the session cookie is readable by
scripts (SESSION_COOKIE_HTTPONLY=False), no Secure, no SameSite, the payload carries the role and
the e-mail in clear (only signed), and logout only clears the session: the old cookie, replayed,
is still a valid login (nothing is kept on the server)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

from flask import Flask, jsonify, request, session  # noqa: E402

app = Flask(__name__)
app.config.update(
    SECRET_KEY="changeme",
    SESSION_COOKIE_HTTPONLY=False,
    SESSION_COOKIE_SECURE=False,
    SESSION_COOKIE_SAMESITE=None,
)


@app.get("/")
def index():
    return "flask-insecure: POST /login, GET /me, POST /logout\n"


@app.post("/login")
def login():
    username, password = common.credentials(request.content_type, request.get_data())
    if not common.credentials_ok(username, password):
        return jsonify(error="bad credentials"), 401
    session["user"] = username
    session["role"] = "admin"
    session["email"] = "alice@example.com"
    return jsonify(ok=True, user=username)


@app.get("/me")
def me():
    if "user" not in session:
        return jsonify(error="not logged in"), 401
    return jsonify(user=session["user"], role=session.get("role"), email=session.get("email"))


@app.post("/logout")
def logout():
    session.clear()  # the cookie is expired, but nothing on the server forgets the old one
    return jsonify(ok=True)


if __name__ == "__main__":
    common.serve_werkzeug(app, common.parse_args(__doc__))
