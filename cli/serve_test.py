#!/usr/bin/python3
"""End-to-end test of `knox serve` as a process: the start-up line, a login/me/logout flow over
real HTTP, a clean exit 0 on SIGTERM, the configuration errors (exit 2), and two sealed-mode
servers sharing their revocations in a real redis-server (a logout on one is refused by the other).

usage: serve_test.py PATH_TO_KNOX
"""
import json
import os
import socket
import tempfile
import time
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
                  ["--insecure-demo", "--store", "redis://127.0.0.1:1"],
                  ["--tls-cert", "/nonexistent"], ["--mode", "cookie"]):
        result = subprocess.run([KNOX, "serve", *flags], capture_output=True, text=True, timeout=20)
        check(result.returncode == 2, f"{flags}: exit {result.returncode}")
        check(result.stderr.startswith("knox serve:") or result.stderr.startswith("knox: "),
              f"{flags}: one-line error {result.stderr!r}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port):
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("redis-server did not start")


def test_sealed_revocations_shared_in_redis():
    """Two sealed-mode servers, same keys, one Redis: a token logged out on one is refused by the
    other; with Redis down, /me answers 503 (fail closed), never 200 or 401."""
    port = free_port()
    redis = start_redis(port)
    servers = []
    with tempfile.NamedTemporaryFile("w", suffix=".keys", delete=False) as keys:
        keys.write("k1:" + "A" * 43 + "\n")
    try:
        store = f"redis://127.0.0.1:{port}"
        bases = []
        for _ in range(2):
            proc, line, m = serve("--mode", "sealed", "--store", store, "--key-file", keys.name)
            servers.append(proc)
            check(m is not None and m.group(3) == "sealed" and m.group(4) == store,
                  f"sealed+redis start-up line {line!r}")
            if m:
                bases.append(m.group(1))
        if len(bases) != 2:
            return
        a, b = bases
        status, headers, _ = request(a, "POST", "/login", b"username=alice&password=wonderland")
        check(status == 200, f"sealed+redis: login on a {status}")
        cookie = headers["Set-Cookie"].split(";")[0]
        check(request(b, "GET", "/me", cookie=cookie)[0] == 200, "sealed+redis: b accepts a's token")
        check(request(b, "POST", "/logout", cookie=cookie)[0] == 200, "sealed+redis: logout on b")
        check(request(a, "GET", "/me", cookie=cookie)[0] == 401,
              "sealed+redis: a refuses the token logged out on b")
        status, headers, _ = request(b, "POST", "/login", b"username=alice&password=wonderland")
        live = headers["Set-Cookie"].split(";")[0]
        redis.kill()
        redis.wait()
        check(request(a, "GET", "/me", cookie=live)[0] == 503,
              "sealed+redis: Redis down -> 503 (fail closed)")
    finally:
        for proc in servers:
            proc.send_signal(signal.SIGTERM)
            check(proc.wait(10) == 0, "sealed+redis: exit status after SIGTERM")
        if redis.poll() is None:
            redis.kill()
            redis.wait()
        os.unlink(keys.name)


def test_unreachable_redis_is_exit_3():
    for mode in ("id", "sealed"):
        for scheme in ("redis", "redis-cluster"):
            result = subprocess.run([KNOX, "serve", "--listen", "127.0.0.1:0", "--mode", mode,
                                     "--store", f"{scheme}://127.0.0.1:{free_port()}"],
                                    capture_output=True, text=True, timeout=20)
            check(result.returncode == 3,
                  f"{mode} with unreachable {scheme}: exit {result.returncode}")
    result = subprocess.run([KNOX, "serve", "--listen", "127.0.0.1:0", "--store",
                             "redis-cluster://127.0.0.1:1,"], capture_output=True, text=True,
                            timeout=20)
    check(result.returncode == 2, f"malformed cluster URL: exit {result.returncode}")


test_flow("id", "memory")
test_flow("sealed", "memory")
test_usage_errors()
test_sealed_revocations_shared_in_redis()
test_unreachable_redis_is_exit_3()
print("serve_test:", "FAILED" if FAILURES else "ok")
sys.exit(1 if FAILURES else 0)
