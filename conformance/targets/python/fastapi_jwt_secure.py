#!/usr/bin/python3
"""fastapi-jwt-secure: a bearer-JWT API done right.

POST /login (form or JSON `username`, `password`) answers {"access_token": JWT, "token_type":
"bearer"}; GET /me needs `Authorization: Bearer JWT`; POST /logout (with the token) revokes it.
Tokens are RS256 (a fresh 2048-bit key per process) with `sub`, `iat`, a random `jti` and a
10-second `exp`; the public key is published at /.well-known/jwks.json. PyJWT verifies with
`algorithms=["RS256"]` only (no alg none, no HMAC with the public key, signature and exp checked),
and a token whose jti was logged out is refused."""
import os
import secrets
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import jwt  # noqa: E402  (PyJWT)
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from fastapi import FastAPI, Request  # noqa: E402
from fastapi.responses import JSONResponse, PlainTextResponse  # noqa: E402

LIFETIME_S = 10
PRIVATE_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PUBLIC_KEY = PRIVATE_KEY.public_key()

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
_lock = threading.Lock()
_revoked = {}  # jti -> exp (forgotten once expired)


def jwks():
    numbers = PUBLIC_KEY.public_numbers()

    def member(n):
        return jwt.utils.base64url_encode(n.to_bytes((n.bit_length() + 7) // 8, "big")).decode()
    return {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "k1",
                      "n": member(numbers.n), "e": member(numbers.e)}]}


def claims_of(request):
    auth = request.headers.get("authorization", "")
    if not auth.startswith("Bearer "):
        return None
    try:
        claims = jwt.decode(auth[7:], PUBLIC_KEY, algorithms=["RS256"],
                            options={"require": ["exp", "iat", "jti", "sub"]})
    except jwt.PyJWTError:
        return None
    now = time.time()
    with _lock:
        for jti in [j for j, exp in _revoked.items() if exp < now]:
            del _revoked[jti]
        if claims["jti"] in _revoked:
            return None
    return claims if claims.get("sub") == common.USER else None


@app.get("/")
async def index():
    return PlainTextResponse("fastapi-jwt-secure: POST /login, GET /me, POST /logout\n")


@app.get("/.well-known/jwks.json")
async def keys():
    return jwks()


@app.post("/login")
async def login(request: Request):
    username, password = common.credentials(request.headers.get("content-type"),
                                            await request.body())
    if not common.credentials_ok(username, password):
        return JSONResponse({"error": "bad credentials"}, status_code=401)
    now = int(time.time())
    token = jwt.encode({"sub": username, "iat": now, "exp": now + LIFETIME_S,
                        "jti": secrets.token_urlsafe(16)},
                       PRIVATE_KEY, algorithm="RS256", headers={"kid": "k1"})
    return {"access_token": token, "token_type": "bearer"}


@app.get("/me")
async def me(request: Request):
    claims = claims_of(request)
    if claims is None:
        return JSONResponse({"error": "not logged in"}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})
    return {"user": claims["sub"]}


@app.post("/logout")
async def logout(request: Request):
    claims = claims_of(request)
    if claims is not None:
        with _lock:
            _revoked[claims["jti"]] = claims["exp"]
    return {"ok": True}


if __name__ == "__main__":
    common.serve_uvicorn(app, common.parse_args(__doc__))
