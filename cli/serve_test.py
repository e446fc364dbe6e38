#!/usr/bin/python3
"""End-to-end test of `knox serve` as a process: the start-up line, a login/me/logout flow over
real HTTP, a clean exit 0 on SIGTERM, and the configuration errors (exit 2).

usage: serve_test.py PATH_TO_KNOX
"""
import json
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request

KNOX = sys.argv[1]
FAILURES = []
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL:", what)


def request(base, method, path, body=None, cookie=None):
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    if cookie:
        headers["Cookie"] = cookie
    req = urllib.request.Request(base + path, data=body, method=method, headers=headers)
    try:
        with NO_PROXY.open(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def serve(*flags):
    proc = subprocess.Popen([KNOX, "serve", "--listen", "127.0.0.1:0", "--pbkdf2-iterations", "1000",
                             *flags], stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    m = re.match(r"knox serve: listening on (http://127\.0\.0\.1:(\d+)) \(mode (\S+), store (\S+)\)$",
                 line.strip())
    return proc, line, m


def test_flow(mode, store):
    proc, line, m = serve("--mode", mode, "--user", "bob:builder")
    check(m is not None, f"start-up line ({mode}): {line!r}")
    if m:
        base = m.group(1)
        check(m.group(3) == mode and m.group(4) == store, f"mode/store in {line!r}")
        status, headers, _ = request(base, "POST", "/login", b"username=bob&password=builder")
        check(status == 200, f"{mode}: login {status}")
        cookie = headers["Set-Cookie"].split(";")[0]
        check(cookie.startswith("__Host-session="), f"{mode}: cookie name")
        status, _, body = request(base, "GET", "/me", cookie=cookie)
        check(status == 200 and json.loads(body)["user"] == "bob", f"{mode}: me {status}")
        check(request(base, "POST", "/login", b"username=alice&password=wonderland")[0] == 401,
              f"{mode}: --user replaces the demo user")
        check(request(base, "POST", "/logout", cookie=cookie)[0] == 200, f"{mode}: logout")
        check(request(base, "GET", "/me", cookie=cookie)[0] == 401, f"{mode}: replay after logout")
    proc.send_signal(signal.SIGTERM)
    check(proc.wait(10) == 0, f"{mode}: exit status after SIGTERM")
    check("stopped" in proc.stderr.read(), f"{mode}: stop message")


def test_usage_errors():
    for flags in (["--listen", "0.0.0.0:0"], ["--listen", "example.com:80"],
                  ["--insecure-demo", "--mode", "sealed"], ["--user", "nocolon"],
                  ["--mode", "sealed", "--store", "redis://127.0.0.1:1"],
                  ["--tls-cert", "/nonexistent"], ["--mode", "cookie"]):
        result = subprocess.run([KNOX, "serve", *flags], capture_output=True, text=True, timeout=20)
        check(result.returncode == 2, f"{flags}: exit {result.returncode}")
        check(result.stderr.startswith("knox serve:") or result.stderr.startswith("knox: "),
              f"{flags}: one-line error {result.stderr!r}")


test_flow("id", "memory")
test_flow("sealed", "none")
test_usage_errors()
print("serve_test:", "FAILED" if FAILURES else "ok")
sys.exit(1 if FAILURES else 0)
