#!/usr/bin/python3
"""fastapi-secure: FastAPI with a server-side session store done right.

Cookie `__Host-sid` = secrets.token_urlsafe(32) (256 bits), Secure, HttpOnly, SameSite=Lax,
Path=/, no Domain, no Max-Age/Expires (a browser-session cookie). Login always issues a new id
(a planted or older id is dropped); logout deletes the id from the store and answers with a
deletion Set-Cookie with the same attributes and Max-Age=0. An idle timeout of 10 s is enforced
on the server (each authenticated request slides it)."""
import os
import secrets
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

from fastapi import FastAPI, Request  # noqa: E402
from fastapi.responses import JSONResponse, PlainTextResponse  # noqa: E402

COOKIE = "__Host-sid"
IDLE_TIMEOUT_S = 10
ATTRIBUTES = {"path": "/", "secure": True, "httponly": True, "samesite": "lax"}

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
_lock = threading.Lock()
_store = {}  # id -> {"user": str, "last": monotonic seconds}


def _user(request):
    sid = request.cookies.get(COOKIE)
    if not sid:
        return None
    now = time.monotonic()
    with _lock:
        entry = _store.get(sid)
        if entry is None:
            return None
        if now - entry["last"] > IDLE_TIMEOUT_S:
            del _store[sid]
            return None
        entry["last"] = now
        return entry["user"]


@app.get("/")
async def index():
    return PlainTextResponse("fastapi-secure: POST /login, GET /me, POST /logout\n")


@app.post("/login")
async def login(request: Request):
    username, password = common.credentials(request.headers.get("content-type"),
                                            await request.body())
    if not common.credentials_ok(username, password):
        return JSONResponse({"error": "bad credentials"}, status_code=401)
    sid = secrets.token_urlsafe(32)
    with _lock:
        old = request.cookies.get(COOKIE)
        if old:
            _store.pop(old, None)
        _store[sid] = {"user": username, "last": time.monotonic()}
    response = JSONResponse({"ok": True, "user": username})
    response.set_cookie(COOKIE, sid, **ATTRIBUTES)
    return response


@app.get("/me")
async def me(request: Request):
    user = _user(request)
    if user is None:
        return JSONResponse({"error": "not logged in"}, status_code=401)
    return JSONResponse({"user": user})


@app.post("/logout")
async def logout(request: Request):
    sid = request.cookies.get(COOKIE)
    if sid:
        with _lock:
            _store.pop(sid, None)
    response = JSONResponse({"ok": True})
    response.delete_cookie(COOKIE, **ATTRIBUTES)
    return response


if __name__ == "__main__":
    common.serve_uvicorn(app, common.parse_args(__doc__))
