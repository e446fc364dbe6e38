#!/usr/bin/python3
"""End-to-end test of `knox serve` as a process: the start-up line, a login/me/logout flow over
real HTTP, a clean exit 0 on SIGTERM, the configuration errors (exit 2), and two sealed-mode
servers sharing their revocations in a real redis-server (a logout on one is refused by the other),
and that Redis SIGKILLed and restarted under load (fail closed, nothing revoked comes back).

usage: serve_test.py PATH_TO_KNOX
"""
import collections
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
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


def start_redis(port, data_dir=None):
    """redis-server on loopback; with data_dir, an append-only file fsynced on every write (what a
    revocation list needs to survive a restart), else no persistence at all."""
    persistence = (["--appendonly", "yes", "--appendfsync", "always", "--dir", data_dir]
                   if data_dir else ["--appendonly", "no"])
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", *persistence],
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
        stop_servers_and_redis(servers, redis, "sealed+redis")
        os.unlink(keys.name)


def stop_servers_and_redis(servers, redis, label):
    """SIGTERM every knox serve process (each must exit 0), then kill Redis if it still runs."""
    for proc in servers:
        proc.send_signal(signal.SIGTERM)
        check(proc.wait(10) == 0, f"{label}: exit status after SIGTERM")
    if redis.poll() is None:
        redis.kill()
        redis.wait()


def login(base):
    status, headers, _ = request(base, "POST", "/login", b"username=alice&password=wonderland")
    check(status == 200, f"login {status}")
    return headers["Set-Cookie"].split(";")[0] if status == 200 else ""


def test_sealed_redis_restart_under_load():
    """Sealed mode behind a Redis that is SIGKILLed and restarted while clients keep asking: live
    tokens are answered 200 or 503, logged-out ones 401 or 503 — never a revoked token let in,
    never a live one turned away as logged out — and after the restart every token is answered as
    before (the revocations were persisted by Redis's append-only file)."""
    port = free_port()
    data = tempfile.mkdtemp(prefix="knox-redis-")
    redis = start_redis(port, data)
    with tempfile.NamedTemporaryFile("w", suffix=".keys", delete=False) as keys:
        keys.write("k1:" + "B" * 42 + "A\n")
    servers = []
    try:
        store = f"redis://127.0.0.1:{port}"
        bases = []
        for _ in range(2):
            proc, line, m = serve("--mode", "sealed", "--store", store, "--key-file", keys.name)
            servers.append(proc)
            check(m is not None, f"sealed restart: start-up line {line!r}")
            if m:
                bases.append(m.group(1))
        if len(bases) != 2:
            return
        a, b = bases
        live = [login(a) for _ in range(10)]
        revoked = [login(a) for _ in range(10)]
        for cookie in revoked:
            check(request(a, "POST", "/logout", cookie=cookie)[0] == 200, "sealed restart: logout")
        answers = collections.Counter()
        wrong = []
        stop = threading.Event()

        def client(cookies, good):
            while not stop.is_set():
                for cookie in cookies:
                    try:
                        status = request(b, "GET", "/me", cookie=cookie)[0]
                    except OSError as e:
                        status = type(e).__name__
                    answers[status] += 1
                    if status not in (good, 503):
                        wrong.append((good, status))

        threads = [threading.Thread(target=client, args=(live, 200)),
                   threading.Thread(target=client, args=(revoked, 401))]
        for t in threads:
            t.start()
        time.sleep(1)
        redis.kill()
        redis.wait()
        time.sleep(1.5)
        redis = start_redis(port, data)
        restarted = time.monotonic()
        recovered = None
        while time.monotonic() - restarted < 10 and recovered is None:
            if request(b, "GET", "/me", cookie=live[0])[0] == 200:
                recovered = time.monotonic() - restarted
            else:
                time.sleep(0.02)
        time.sleep(1)
        stop.set()
        for t in threads:
            t.join(30)
        print(f"sealed restart: answers {dict(answers)}, recovered "
              f"{'never' if recovered is None else f'{recovered:.2f} s'} after the restart")
        check(not wrong, f"sealed restart: wrong answers during the outage {wrong[:5]}")
        check(answers[503] > 0, "sealed restart: the outage was never observed (no 503)")
        check(recovered is not None, "sealed restart: not answering 200 after the restart")
        for base in (a, b):
            check(all(request(base, "GET", "/me", cookie=c)[0] == 200 for c in live),
                  "sealed restart: a live token refused after the restart")
            check(all(request(base, "GET", "/me", cookie=c)[0] == 401 for c in revoked),
                  "sealed restart: a revoked token accepted after the restart")
    finally:
        stop_servers_and_redis(servers, redis, "sealed restart")
        os.unlink(keys.name)
        shutil.rmtree(data, ignore_errors=True)


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
test_sealed_redis_restart_under_load()
test_unreachable_redis_is_exit_3()
print("serve_test:", "FAILED" if FAILURES else "ok")
sys.exit(1 if FAILURES else 0)
