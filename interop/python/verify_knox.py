#!/usr/bin/python3
"""Reverse interop: tokens signed by knox, verified by the real Python libraries.

Usage: verify_knox.py PATH/TO/token_interop_sign

Sends one signing request per format / option combination to knox's token_interop_sign helper,
then checks every token with the library knox claims to be compatible with:
  - the library's own loads/unsign (gen_vectors.verify, clock frozen) must accept it, return the
    same value and the same issue time, and honour max_age at the boundary;
  - Flask: a real app request carrying the cookie must see the session (open_session);
  - Starlette: a real app behind SessionMiddleware (TestClient) must see the session;
  - Django: signing.loads (and the signed_cookies session backend for its salt) must load it.
Exits 1 listing every mismatch.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_vectors as gv  # noqa: E402  (configures Django and freezes the libraries' clocks)

TS = gv.NOW

VALUES_JSON = [{"user_id": "123", "role": "admin"}, {}, {"name": "Zo\u00eb \u2603 \U0001F600"},
               {"a": {"b": [1, 2.5, True, None]}, "z": -3}, {"blob": "x" * 500},
               {"f": 0.1, "g": 1e100, "b": 2, "a": 1}, [1, 2], "text"]
VALUES_RAW = ["hello", "", "Zo\u00eb", "a.b:c", "x" * 3000]


def requests():
    out = []

    def add(fmt, values, **kw):
        for v in values:
            o = gv.opts(kw.pop("secrets", None) or [gv.SECRET], timestamp=TS, **kw)
            out.append({"format": fmt, "options": o,
                        "input": json.dumps(v) if fmt in gv.SERIALIZERS else v})

    for fmt in gv.ALL:
        add(fmt, VALUES_JSON if fmt in gv.SERIALIZERS else VALUES_RAW)
    for fmt in ("itsdangerous-json", "django-signer"):
        add(fmt, VALUES_JSON[:3] if fmt in gv.SERIALIZERS else VALUES_RAW, timestamped=True)
    for fmt in ("itsdangerous-signer", "itsdangerous-timestamp", "itsdangerous", "itsdangerous-timed",
                "itsdangerous-json", "flask", "django", "django-signer"):
        for digest in gv.DIGESTS:
            add(fmt, [{"d": digest}] if fmt in gv.SERIALIZERS else ["d"], digest=digest)
        if not fmt.startswith("django"):
            for kd in ("django-concat", "concat", "hmac", "none"):
                add(fmt, [{"kd": kd}] if fmt in gv.SERIALIZERS else ["kd"], key_derivation=kd)
            add(fmt, [{"s": 1}] if fmt in gv.SERIALIZERS else ["s"], salt="custom-salt")
    for fmt, sep in (("itsdangerous-signer", "|"), ("itsdangerous-timed", ":"), ("django", "/"),
                     ("django-signer", "~")):
        add(fmt, [{"sep": sep}] if fmt in gv.SERIALIZERS else ["sep"], sep=sep)
    add("django", VALUES_JSON, salt=gv.SESSION_SALT)
    for fmt in gv.ALL:
        if fmt != "starlette":
            add(fmt, [{"r": 1}] if fmt in gv.SERIALIZERS else ["r"], secrets=["old-key", "new-key"])
    return out


def run_knox(helper, reqs):
    text = "".join(json.dumps(r) + "\n" for r in reqs)
    proc = subprocess.run([helper], input=text.encode(), capture_output=True, check=True)
    return [json.loads(line) for line in proc.stdout.decode().splitlines()]


def same_value(fmt, got, expected_input):
    if fmt in gv.SERIALIZERS:
        return json.loads(got) == json.loads(expected_input)
    return got == expected_input


def flask_app_sees(o, token, expected):
    app = gv.flask.Flask("knoxreverse")
    app.secret_key = o["secrets"][-1] if len(o["secrets"]) == 1 else list(o["secrets"])

    @app.route("/")
    def show():
        return gv.flask.jsonify(dict(gv.flask.session))

    client = app.test_client()
    client.set_cookie("localhost", "session", token)
    gv.freeze((TS + 5) * 1000)
    return client.get("/").get_json() == expected


def starlette_app_sees(o, token, expected):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.sessions import SessionMiddleware
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    async def show(request):
        return JSONResponse(request.session)

    app = Starlette(routes=[Route("/", show)],
                    middleware=[Middleware(SessionMiddleware, secret_key=o["secrets"][-1])])
    gv.freeze((TS + 5) * 1000)
    with TestClient(app) as client:
        return client.get("/", cookies={"session": token}).json() == expected


def main():
    helper = sys.argv[1]
    reqs = requests()
    answers = run_knox(helper, reqs)
    failures = []
    for req, ans in zip(reqs, answers):
        fmt, o = req["format"], req["options"]
        label = f"{fmt} {json.dumps({k: v for k, v in o.items() if v is not None and k != 'now_ms'})}"
        if "token" not in ans:
            failures.append(f"{label}: knox refused to sign: {ans.get('error')}")
            continue
        token = ans["token"]
        timed = gv.is_timed(fmt, o) or fmt == "django" or (fmt == "django-signer" and o["timestamped"])
        check = dict(o, now_ms=(TS + 5) * 1000)
        r = gv.verify(fmt, check, token)
        signed = json.loads(req["input"]) if fmt in gv.SERIALIZERS else None
        if fmt == "flask" and signed and not isinstance(signed, dict):
            # knox signs any JSON; a Flask app cannot open a session that is not a dict.
            if r.get("error") != "malformed":
                failures.append(f"{label}: Flask opened a non-dict session: {r}")
            continue
        if not r["ok"] or not same_value(fmt, r["value"], req["input"]):
            failures.append(f"{label}: library outcome {r} for {token[:60]}")
            continue
        if timed and r.get("timestamp") != TS:
            failures.append(f"{label}: library read timestamp {r.get('timestamp')}")
        if timed:
            at_limit = gv.verify(fmt, dict(o, now_ms=(TS + 60) * 1000, max_age=60), token)
            past = gv.verify(fmt, dict(o, now_ms=(TS + 61) * 1000, max_age=60), token)
            if not at_limit["ok"] or past.get("error") != "expired":
                failures.append(f"{label}: max_age boundary {at_limit} / {past}")
        defaults = all(o[k] is None for k in ("salt", "digest", "key_derivation", "sep"))
        if fmt == "flask" and defaults and isinstance(json.loads(req["input"]), dict):
            if not flask_app_sees(o, token, json.loads(req["input"])):
                failures.append(f"{label}: a Flask app did not see the session")
        if fmt == "starlette" and isinstance(json.loads(req["input"]), dict) and json.loads(req["input"]):
            if not starlette_app_sees(o, token, json.loads(req["input"])):
                failures.append(f"{label}: a Starlette app did not see the session")
        value = json.loads(req["input"]) if fmt in gv.SERIALIZERS else None
        if fmt == "django" and o["salt"] == gv.SESSION_SALT and isinstance(value, dict) and value:
            from django.contrib.sessions.backends.signed_cookies import SessionStore
            gv.settings.SECRET_KEY = o["secrets"][0]
            gv.freeze((TS + 5) * 1000)
            if SessionStore(session_key=token).load() != json.loads(req["input"]):
                failures.append(f"{label}: Django's signed_cookies backend did not load it")
    for f in failures:
        print("FAIL", f)
    print(f"{len(reqs)} knox tokens checked against the real libraries, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
