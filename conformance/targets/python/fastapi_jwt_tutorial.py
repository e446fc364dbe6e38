#!/usr/bin/python3
"""fastapi-jwt-tutorial: FastAPI's "OAuth2 with Password (and hashing), Bearer with JWT tokens"
tutorial as people ship it.

POST /token takes the OAuth2 password form (OAuth2PasswordRequestForm: `username`, `password`)
and answers {"access_token": JWT, "token_type": "bearer"}; GET /users/me needs
`Authorization: Bearer JWT` (401 with WWW-Authenticate: Bearer otherwise). The JWT is HS256 signed
with the SECRET_KEY printed in the tutorial, carries `sub` and a 30-minute `exp`, and is verified
with PyJWT (`jwt.decode(token, SECRET_KEY, algorithms=["HS256"])`: alg none, a stripped or wrong
signature and an expired token are refused). POST /logout answers 200 and forgets nothing: a token
stays valid after it (the tutorial has no logout; the usual one tells the client to drop it)."""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import jwt  # noqa: E402  (PyJWT, Debian python3-jwt)
from fastapi import Depends, FastAPI, HTTPException, status  # noqa: E402
from fastapi.responses import PlainTextResponse  # noqa: E402
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm  # noqa: E402

# The tutorial's example key (https://fastapi.tiangolo.com/tutorial/security/oauth2-jwt/).
SECRET_KEY = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"
ALGORITHM = "HS256"
ACCESS_TOKEN_EXPIRE_MINUTES = 30

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


def create_access_token(data, expires_delta):
    to_encode = dict(data)
    to_encode["exp"] = datetime.datetime.now(datetime.timezone.utc) + expires_delta
    return jwt.encode(to_encode, SECRET_KEY, algorithm=ALGORITHM)


async def get_current_user(token: str = Depends(oauth2_scheme)):
    refused = HTTPException(status_code=status.HTTP_401_UNAUTHORIZED,
                            detail="Could not validate credentials",
                            headers={"WWW-Authenticate": "Bearer"})
    try:
        payload = jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM])
    except jwt.PyJWTError:
        raise refused
    username = payload.get("sub")
    if username != common.USER:
        raise refused
    return username


@app.get("/")
async def index():
    return PlainTextResponse("fastapi-jwt-tutorial: POST /token, GET /users/me, POST /logout\n")


@app.post("/token")
async def login(form_data: OAuth2PasswordRequestForm = Depends()):
    if not common.credentials_ok(form_data.username, form_data.password):
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED,
                            detail="Incorrect username or password",
                            headers={"WWW-Authenticate": "Bearer"})
    token = create_access_token({"sub": form_data.username},
                                datetime.timedelta(minutes=ACCESS_TOKEN_EXPIRE_MINUTES))
    return {"access_token": token, "token_type": "bearer"}


@app.get("/users/me")
async def me(user: str = Depends(get_current_user)):
    return {"username": user}


@app.post("/logout")
async def logout():
    return {"ok": True}


if __name__ == "__main__":
    common.serve_uvicorn(app, common.parse_args(__doc__))
