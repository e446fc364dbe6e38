#!/usr/bin/python3
"""nginx-https-front: nginx (Debian's 1.22) in front of fastapi-secure, the usual http -> https
set-up (conformance/targets/README.md).

Two processes behind one command line, so targets.Target starts and stops them as one target
(its process group):
  * the app, conformance/targets/python/fastapi_secure.py, on plain http on a free loopback port
    of its own (only nginx talks to it);
  * nginx with its own configuration in a fresh temporary directory (prefix, pid file, logs and
    every temp path in there; nothing of /etc/nginx, /var/log or /run is used), run in the
    foreground (`nginx -p DIR -c FILE -e stderr -g 'daemon off;'`):
      - `--port`: plain http, every request answered `301 Location: https://<host>:<https-port>
        <uri>` (the same host, the https port);
      - `--https-port`: TLS with `--tls-cert`/`--tls-key`, proxying everything to the app with
        the Host, X-Forwarded-For and X-Forwarded-Proto headers.
It prints `listening on http://HOST:PORT` once both nginx ports and the app accept connections,
and on SIGTERM/SIGINT stops nginx and the app and removes the directory."""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
APP = os.path.join(REPO_ROOT, "conformance", "targets", "python", "fastapi_secure.py")

CONF = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server_tokens off;

    server {{
        listen {host}:{port};
        server_name _;
        return 301 https://$host:{https_port}$request_uri;
    }}

    server {{
        listen {host}:{https_port} ssl;
        server_name _;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        location / {{
            proxy_pass http://127.0.0.1:{app_port};
            proxy_http_version 1.1;
            proxy_set_header Host $host:{https_port};
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto https;
        }}
    }}
}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(host, port, proc, what, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"https_front: {what} exited with {proc.returncode}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"https_front: {what} did not accept connections on {port}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True, help="the plain http port (redirects)")
    p.add_argument("--https-port", type=int, required=True)
    p.add_argument("--tls-cert", required=True)
    p.add_argument("--tls-key", required=True)
    args = p.parse_args()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"

    work = tempfile.mkdtemp(prefix="knox-nginx-front-")
    procs = []

    def stop(*_):
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        app_port = free_port()
        app = subprocess.Popen([sys.executable, APP, "--host", "127.0.0.1", "--port",
                                str(app_port)], cwd=REPO_ROOT, stdin=subprocess.DEVNULL)
        procs.append(app)
        conf = os.path.join(work, "nginx.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(CONF.format(dir=work, host=args.host, port=args.port,
                                https_port=args.https_port, app_port=app_port,
                                cert=os.path.abspath(args.tls_cert),
                                key=os.path.abspath(args.tls_key)))
        front = subprocess.Popen([nginx, "-p", work, "-c", conf, "-e", "stderr",
                                  "-g", "daemon off;"], stdin=subprocess.DEVNULL)
        procs.append(front)
        wait_port("127.0.0.1", app_port, app, "the app")
        wait_port(args.host, args.port, front, "nginx (http)")
        wait_port(args.host, args.https_port, front, "nginx (https)")
        print(f"https front ready: listening on http://{args.host}:{args.port} (https on "
              f"{args.https_port}, app on {app_port})", file=sys.stderr, flush=True)
        while all(proc.poll() is None for proc in procs):
            time.sleep(0.2)
        sys.exit("https_front: " + ("nginx" if front.poll() is not None else "the app") +
                 " exited")
    finally:
        stop()


if __name__ == "__main__":
    main()
