"""The peer of `knox serve` in bench/serve_compare: the same four routes on FastAPI + uvicorn with
Starlette's SessionMiddleware (a signed client-side cookie), as a typical Python app writes them.

Passwords are PBKDF2-HMAC-SHA256 hashes with a random salt, checked with hmac.compare_digest, with
the same iteration count as knox (PEER_PBKDF2_ITERATIONS), so that a login costs both servers the
same hashing work. SESSION_SECRET must be the same in every uvicorn worker.

Run: SESSION_SECRET=... /usr/bin/python3 -m uvicorn fastapi_session_app:app --app-dir bench/peers
"""
import hashlib
import hmac
import json
import os
import secrets
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.middleware.sessions import SessionMiddleware

ITERATIONS = int(os.environ.get("PEER_PBKDF2_ITERATIONS", "600000"))


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS)


_SALT = secrets.token_bytes(16)
USERS = {"alice": (_SALT, _hash("wonderland", _SALT), ["user"])}
_DUMMY_SALT = secrets.token_bytes(16)
_DUMMY = (_DUMMY_SALT, _hash(secrets.token_hex(16), _DUMMY_SALT), [])

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key=os.environ["SESSION_SECRET"], same_site="lax")


def _no_store(body, status=200):
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


@app.get("/")
async def index():
    return PlainTextResponse("peer: POST /login, GET /me, POST /logout\n")


async def _credentials(request: Request):
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if content_type == "application/x-www-form-urlencoded":
        form = parse_qs(body.decode("utf-8", "replace"))
        return form.get("username", [None])[0], form.get("password", [None])[0]
    if content_type == "application/json":
        doc = json.loads(body)
        return doc.get("username"), doc.get("password")
    return None, None


@app.post("/login")
async def login(request: Request):
    try:
        user, password = await _credentials(request)
    except (ValueError, AttributeError):
        return _no_store({"error": "malformed login body"}, 400)
    if not isinstance(user, str) or not isinstance(password, str):
        return _no_store({"error": "malformed login body"}, 400)
    salt, expected, roles = USERS.get(user, _DUMMY)
    if not hmac.compare_digest(_hash(password, salt), expected) or user not in USERS:
        return _no_store({"error": "invalid credentials"}, 401)
    request.session.clear()
    request.session.update({"user": user, "roles": roles})
    return _no_store({"user": user, "roles": roles})


@app.get("/me")
async def me(request: Request):
    if "user" not in request.session:
        return _no_store({"error": "not logged in"}, 401)
    return _no_store({"user": request.session["user"], "roles": request.session["roles"]})


@app.post("/logout")
async def logout(request: Request):
    request.session.clear()
    return _no_store({"logged_out": True})
