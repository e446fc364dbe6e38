#!/usr/bin/python3
"""Run one target of targets.json on 127.0.0.1 until interrupted; prints its URL.

usage: conformance/targets/run_target.py NAME [--port N] [--tls-cert F --tls-key F]
       conformance/targets/run_target.py --list"""
import argparse
import os
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import targets  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("name", nargs="?")
    p.add_argument("--list", action="store_true", help="list the targets and exit")
    p.add_argument("--port", type=int, help="default: a free port")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    args = p.parse_args()
    if args.list:
        for name, spec in targets.specs().items():
            print(f"{name:26} {spec['framework']}")
        return 0
    if not args.name:
        p.error("NAME is required (see --list)")
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    tls = (args.tls_cert, args.tls_key) if args.tls_cert else None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
    try:
        with targets.Target(args.name, tls=tls, port=args.port) as t:
            print(t.url, flush=True)
            if t.https_front:
                print(f"# http -> https front; https side {t.https_url} (knox: --ca CERT)",
                      flush=True)
            spec = t.spec
            print(f"# {spec['framework']}; user {spec['user']} / {spec['password']}; "
                  f"session cookie {spec['session_cookie']}; Ctrl-C stops it", file=sys.stderr)
            if spec.get("profile"):
                print(f"# audit it with its knox profile: --profile "
                      f"{targets.profile_path(spec, tempfile.gettempdir())}", file=sys.stderr)
            while t.proc.poll() is None:
                time.sleep(0.5)
            print(f"run_target: {args.name} exited with {t.proc.returncode}\n{t.log()}",
                  file=sys.stderr)
            return 1
    except targets.TargetError as e:
        print(f"run_target: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
