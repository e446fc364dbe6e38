#!/usr/bin/python3
"""starlette-insecure: FastAPI with Starlette's SessionMiddleware left at its defaults.

Intended flaws: secret_key "secret" (in knox's bundled list), https_only=False (no Secure),
max_age 14 days, the user and role readable in the signed cookie, and logout only clears the
session: the old cookie, replayed, still logs in (the state lives only in the cookie). Starlette's
defaults that are fine: HttpOnly, SameSite=lax, Path=/."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

from fastapi import FastAPI, Request  # noqa: E402
from fastapi.responses import JSONResponse, PlainTextResponse  # noqa: E402
from starlette.middleware.sessions import SessionMiddleware  # noqa: E402

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
app.add_middleware(SessionMiddleware, secret_key="secret")


@app.get("/")
async def index():
    return PlainTextResponse("starlette-insecure: POST /login, GET /me, POST /logout\n")


@app.post("/login")
async def login(request: Request):
    username, password = common.credentials(request.headers.get("content-type"),
                                            await request.body())
    if not common.credentials_ok(username, password):
        return JSONResponse({"error": "bad credentials"}, status_code=401)
    request.session["user"] = username
    request.session["role"] = "admin"
    return JSONResponse({"ok": True, "user": username})


@app.get("/me")
async def me(request: Request):
    if "user" not in request.session:
        return JSONResponse({"error": "not logged in"}, status_code=401)
    return JSONResponse({"user": request.session["user"], "role": request.session.get("role")})


@app.post("/logout")
async def logout(request: Request):
    request.session.clear()
    return JSONResponse({"ok": True})


if __name__ == "__main__":
    common.serve_uvicorn(app, common.parse_args(__doc__))
