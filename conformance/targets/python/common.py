"""Shared plumbing of the Python targets: command line, credentials, WSGI serving.

Only plumbing lives here; every session decision (cookie names, attributes, rotation, logout) is
made in each target's own file with the framework's own API."""
import argparse
import json
import logging
import signal
import socketserver
import ssl
import sys
import urllib.parse
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

USER = "alice"
PASSWORD = "wonderland"


def parse_args(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--tls-cert", help="PEM certificate: serve https")
    p.add_argument("--tls-key", help="PEM private key of --tls-cert")
    args = p.parse_args()
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    return args


def credentials(content_type, body):
    """(username, password) from a form-encoded or JSON body; missing fields are None."""
    content_type = (content_type or "").split(";", 1)[0].strip().lower()
    if content_type == "application/json":
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return None, None
        if not isinstance(data, dict):
            return None, None
        return data.get("username"), data.get("password")
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    form = urllib.parse.parse_qs(text, keep_blank_values=True)
    return (form.get("username", [None])[0], form.get("password", [None])[0])


def credentials_ok(username, password):
    return username == USER and password == PASSWORD


def _exit_on_sigterm():
    """SIGTERM (how targets.py stops a target) ends the process normally, so atexit handlers run
    (the Django targets remove their temporary database)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


def ready(args):
    scheme = "https" if args.tls_cert else "http"
    print(f"listening on {scheme}://{args.host}:{args.port}", file=sys.stderr, flush=True)


def serve_werkzeug(app, args):
    """Flask apps: werkzeug's own server (threaded), TLS through werkzeug's ssl_context."""
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    ssl_context = (args.tls_cert, args.tls_key) if args.tls_cert else None
    _exit_on_sigterm()
    server = make_server(args.host, args.port, app, threaded=True, ssl_context=ssl_context)
    ready(args)
    server.serve_forever()


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - wsgiref's signature
        pass

    def handle(self):
        try:
            super().handle()
        except (ssl.SSLError, ConnectionError, OSError):
            pass  # a client that fails the TLS handshake or drops the connection


def serve_wsgiref(app, args):
    """Django: the standard library's WSGI server, one thread per connection; for https the
    listening socket is wrapped with ssl (the handshake runs in the connection's thread)."""
    _exit_on_sigterm()
    server = _ThreadingWSGIServer((args.host, args.port), _QuietHandler)
    server.set_app(app)
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True,
                                        do_handshake_on_connect=False)
        server.base_environ["HTTPS"] = "on"  # wsgi.url_scheme = https (request.is_secure())
    ready(args)
    server.serve_forever()


def serve_uvicorn(app, args):
    import uvicorn

    kwargs = {}
    if args.tls_cert:
        kwargs = {"ssl_certfile": args.tls_cert, "ssl_keyfile": args.tls_key}
    ready(args)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False,
                **kwargs)
