#!/usr/bin/python3
"""flask-csrf-login: a login form protected by a CSRF token bound to the pre-login session.

Flask's signed client-side session (random 32-byte SECRET_KEY per process, HttpOnly, SameSite=Lax,
no Secure, non-permanent). `GET /` and `GET /login` each store a NEW random token
(`secrets.token_urlsafe(32)`) under `csrf` in the session (so the session cookie changes at every
such visit) and render

    <form method="post" action="/login"><input type="hidden" name="csrf_token" value="...">
    <input name="username"><input type="password" name="password"></form>

`POST /login` (form, or JSON with a `csrf_token` member) answers 403 unless `csrf_token` equals the
token stored in THE session the request carries, then 401 on bad credentials; on success the
session is cleared and holds only `user` (a new cookie value). So a login carrying another
session than the one the form was fetched with — a planted one, or the anonymous session of `GET /`
after `GET /login` replaced its token — is refused with 403: whether the login rotates the
pre-login session, and whether that session could be fixated, cannot be observed (both
undecided). `POST /logout` needs no token and only clears the session (stateless: a replayed
cookie still logs in). knox audits it with the profile of targets.json (`[login.csrf]`)."""
import hmac
import html
import json
import os
import secrets
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

from flask import Flask, jsonify, request, session  # noqa: E402

app = Flask(__name__)
app.config.update(
    SECRET_KEY=secrets.token_bytes(32),
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SECURE=False,
    SESSION_COOKIE_SAMESITE="Lax",
)

FORM = ('<!doctype html><title>flask-csrf-login</title>\n'
        '<form method="post" action="/login">'
        '<input type="hidden" name="csrf_token" value="{token}">'
        '<input name="username"><input type="password" name="password">'
        '<button>log in</button></form>\n')


def login_form():
    session["csrf"] = secrets.token_urlsafe(32)  # a new token for this session at every visit
    return FORM.format(token=html.escape(session["csrf"], quote=True)), 200, {
        "Content-Type": "text/html; charset=utf-8"}


@app.get("/")
def index():
    return login_form()


@app.get("/login")
def login_page():
    return login_form()


def submitted_token(body):
    """csrf_token of the form or JSON body (read from the raw body, as the credentials are)."""
    if (request.content_type or "").split(";")[0].strip().lower() == "application/json":
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return None
        return data.get("csrf_token") if isinstance(data, dict) else None
    form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return form.get("csrf_token", [None])[0]


@app.post("/login")
def login():
    body = request.get_data()
    expected, token = session.get("csrf"), submitted_token(body)
    if not (isinstance(expected, str) and isinstance(token, str) and
            hmac.compare_digest(expected.encode(), token.encode())):
        return jsonify(error="CSRF token missing or not the one of this session"), 403
    username, password = common.credentials(request.content_type, body)
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
