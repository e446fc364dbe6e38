#!/usr/bin/python3
"""flask-visit-counter: an anonymous session that the login carries over.

Flask's default signed client-side session with SECRET_KEY "dev" (Flask's tutorial value, in
knox's bundled list). Every `GET /` stores a visit counter `visits` in the session, so the
anonymous visitor already holds a session cookie; the login keeps that session and adds `user`
and `role` to it (no `session.clear()`): the login cookie carries `visits` over from the
pre-login session, and `user`/`role` are new and readable. Flask still issues a new cookie value
at login (the payload changed), and the old anonymous value never carries the login. Flask's
defaults otherwise: HttpOnly, no Secure, no SameSite, non-permanent (browser-session cookie, the
31-day max_age only inside the signature); logout only `session.clear()` (a replayed cookie still
logs in)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

from flask import Flask, jsonify, request, session  # noqa: E402

app = Flask(__name__)
app.config.update(SECRET_KEY="dev")


@app.get("/")
def index():
    session["visits"] = session.get("visits", 0) + 1
    return f"flask-visit-counter: visit {session['visits']}; POST /login, GET /me, POST /logout\n"


@app.post("/login")
def login():
    username, password = common.credentials(request.content_type, request.get_data())
    if not common.credentials_ok(username, password):
        return jsonify(error="bad credentials"), 401
    session["user"] = username  # added to the anonymous session, which is kept
    session["role"] = "member"
    return jsonify(ok=True, user=username)


@app.get("/me")
def me():
    if "user" not in session:
        return jsonify(error="not logged in"), 401
    return jsonify(user=session["user"], role=session.get("role"), visits=session.get("visits"))


@app.post("/logout")
def logout():
    session.clear()
    return jsonify(ok=True)


if __name__ == "__main__":
    common.serve_werkzeug(app, common.parse_args(__doc__))
