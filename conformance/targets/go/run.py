#!/usr/bin/python3
"""Build a Go program of conformance/targets/go and run it: `run.py FILE.go [ARGS...]`.

The program is built in GOPATH mode from Debian's Go packages (GOPATH=/usr/share/gocode,
GO111MODULE=off, GOPROXY=off: nothing is downloaded), as bench/serve_compare builds its Go peer.
A build takes ~3 s with an empty Go cache, so the binary is cached, named by a hash of the source
and `go version`, in $KNOX_TARGETS_GO_CACHE, else <repo>/build/conformance-targets-go when the
repo has a build/ directory, else <tmp>/knox-targets-go-<uid>. Concurrent builds of the same
source each write a temporary file and rename it into place. Then the binary replaces this
process (same pid and process group, so targets.Target stops it as any target).

`run.py --build FILE.go` only builds and prints the binary's path (the ground-truth test's
helpers)."""
import hashlib
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))


def cache_dir():
    if os.environ.get("KNOX_TARGETS_GO_CACHE"):
        return os.environ["KNOX_TARGETS_GO_CACHE"]
    build = os.path.join(REPO_ROOT, "build")
    if os.path.isdir(build):
        return os.path.join(build, "conformance-targets-go")
    return os.path.join(tempfile.gettempdir(), f"knox-targets-go-{os.getuid()}")


def build(source):
    path = os.path.join(HERE, source)
    with open(path, "rb") as f:
        text = f.read()
    version = subprocess.run(["go", "version"], capture_output=True, check=True).stdout
    digest = hashlib.sha256(text + b"\0" + version).hexdigest()[:16]
    out_dir = cache_dir()
    os.makedirs(out_dir, exist_ok=True)
    binary = os.path.join(out_dir, f"{os.path.splitext(source)[0]}-{digest}")
    if os.path.exists(binary):
        return binary
    env = dict(os.environ, GOPATH="/usr/share/gocode", GO111MODULE="off", GOFLAGS="",
               GOPROXY="off", GOCACHE=os.path.join(out_dir, "gocache"))
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".build-")
    os.close(fd)
    try:
        p = subprocess.run(["go", "build", "-o", tmp, source], cwd=HERE, env=env,
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"run.py: go build {source} failed:\n{p.stderr}")
        os.replace(tmp, binary)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return binary


def main():
    args = sys.argv[1:]
    if args and args[0] == "--build":
        print(build(args[1]))
        return 0
    if not args:
        sys.exit("usage: run.py FILE.go [ARGS...] | run.py --build FILE.go")
    binary = build(args[0])
    os.execv(binary, [binary] + args[1:])


if __name__ == "__main__":
    sys.exit(main())
