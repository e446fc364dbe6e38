#!/usr/bin/python3
"""fastapi-jwt-rs256-confused: a JSON API signing RS256 tokens whose hand-written verifier lets
the token's header pick the algorithm — the JWT key-confusion bug.

POST /api/login takes JSON {"username", "password"} and answers {"data": {"token": JWT}};
GET /api/me needs `Authorization: Bearer JWT`; POST /api/logout answers 200 and revokes nothing.
Tokens are RS256 (a fresh 2048-bit key per process, PyJWT) with `sub` and `iat` and **no exp**;
the public key is published as a JWK Set at /.well-known/jwks.json. The verifier reads "alg" from
the header: RS256 is checked with the public key, HS256/384/512 with HMAC keyed by the public key
file's PEM text — so anyone holding the published key mints tokens. alg none, an empty or wrong
signature are refused."""
import base64
import hashlib
import hmac
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import jwt  # noqa: E402  (PyJWT)
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from fastapi import FastAPI, Request  # noqa: E402
from fastapi.responses import JSONResponse, PlainTextResponse  # noqa: E402

PRIVATE_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PUBLIC_PEM = PRIVATE_KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
HMAC_DIGESTS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwks():
    numbers = PRIVATE_KEY.public_key().public_numbers()

    def member(n):
        return b64url(n.to_bytes((n.bit_length() + 7) // 8, "big"))
    return {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "k1",
                      "n": member(numbers.n), "e": member(numbers.e)}]}


def verify(token):
    """The claims of a valid token, else None — trusting the header's alg (the bug)."""
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(b64url_decode(header_b64))
        alg = header.get("alg")
        if alg == "RS256":
            return jwt.decode(token, PUBLIC_PEM, algorithms=["RS256"])
        if alg in HMAC_DIGESTS and signature_b64:
            expected = hmac.new(PUBLIC_PEM, f"{header_b64}.{payload_b64}".encode(),
                                HMAC_DIGESTS[alg]).digest()
            if hmac.compare_digest(expected, b64url_decode(signature_b64)):
                return json.loads(b64url_decode(payload_b64))
    except (ValueError, jwt.PyJWTError):
        return None
    return None


def bearer_user(request):
    auth = request.headers.get("authorization", "")
    if not auth.startswith("Bearer "):
        return None
    claims = verify(auth[7:])
    if not isinstance(claims, dict) or claims.get("sub") != common.USER:
        return None
    return claims["sub"]


@app.get("/")
async def index():
    return PlainTextResponse("fastapi-jwt-rs256-confused: POST /api/login (JSON), GET /api/me\n")


@app.get("/.well-known/jwks.json")
async def keys():
    return jwks()


@app.post("/api/login")
async def login(request: Request):
    username, password = common.credentials(request.headers.get("content-type"),
                                            await request.body())
    if not common.credentials_ok(username, password):
        return JSONResponse({"error": "bad credentials"}, status_code=401)
    token = jwt.encode({"sub": username, "iat": int(time.time())}, PRIVATE_KEY,
                       algorithm="RS256", headers={"kid": "k1"})
    return {"data": {"token": token}}


@app.get("/api/me")
async def me(request: Request):
    user = bearer_user(request)
    if user is None:
        return JSONResponse({"error": "not logged in"}, status_code=401)
    return {"user": user}


@app.post("/api/logout")
async def logout():
    return {"ok": True}


if __name__ == "__main__":
    common.serve_uvicorn(app, common.parse_args(__doc__))
