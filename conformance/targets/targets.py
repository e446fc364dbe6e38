"""Start the framework targets of targets.json on 127.0.0.1 (for tests and by hand).

    from targets import Target
    with Target("flask-insecure") as t:                      # http
        print(t.url, t.expected["weak_secret"])
    with Target("fastapi-secure", tls=("cert.pem", "key.pem")) as t:   # https
        ...

Target picks a free loopback port, runs the manifest's command from the repo root in its own
process group, waits (up to 20 s) until the port accepts connections, and on exit terminates the
whole process group (SIGTERM, then SIGKILL after 5 s). `env` adds environment variables for the
target's process (e.g. iron-strong's KNOX_TARGET_IRON_PASSWORD). `profile_toml(spec)` is the text
of a target's knox audit profile (targets.json `profile`: a TOML file, relative to the repo root,
or TOML text), None when the defaults apply.

An `https_front` target (nginx-https-front) is an http -> https front: it needs `tls` (its
certificate), gets a second free port `{https_port}` for its https side (`.https_port`), and its
`.url` is the plain-http front (`http://host:port`, which redirects), `.https_url` the https side;
`.scheme` stays "https" (the facts are those of the https side)."""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
MANIFEST = os.path.join(HERE, "targets.json")
HOST = "127.0.0.1"


def load_manifest(path=None):
    with open(path or MANIFEST, encoding="utf-8") as f:
        return json.load(f)


def specs():
    """name -> manifest entry, in manifest order."""
    return {t["name"]: t for t in load_manifest()["targets"]}


def profile_toml(spec):
    """The knox audit profile of a manifest entry as TOML text (None: knox's defaults apply).
    `profile` is either a path relative to the repo root (a single line ending in .toml) or the
    TOML text itself."""
    profile = spec.get("profile")
    if profile is None:
        return None
    if "\n" not in profile and profile.endswith(".toml"):
        with open(os.path.join(REPO_ROOT, profile), encoding="utf-8") as f:
            return f.read()
    return profile


def profile_path(spec, directory):
    """A file holding the target's profile, for `knox audit --profile FILE` (None: no profile):
    the manifest's own file, or the TOML text written into `directory`."""
    profile = spec.get("profile")
    if profile is None:
        return None
    if "\n" not in profile and profile.endswith(".toml"):
        return os.path.join(REPO_ROOT, profile)
    path = os.path.join(directory, spec["name"] + ".profile.toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(profile)
    return path


def free_port(host=HOST):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class TargetError(RuntimeError):
    pass


class Target:
    def __init__(self, name, tls=None, host=HOST, port=None, startup_timeout=20.0, env=None):
        all_specs = specs()
        if name not in all_specs:
            raise TargetError(f"unknown target {name!r} (known: {', '.join(all_specs)})")
        self.name = name
        self.spec = all_specs[name]
        self.tls = tuple(tls) if tls else None
        # the ground truth for this scheme: expected, with expected_over_https applied for https
        self.expected = dict(self.spec["expected"])
        if self.tls:
            self.expected.update(self.spec.get("expected_over_https") or {})
        if self.tls and self.spec.get("tls_args") is None:
            raise TargetError(f"{name} cannot serve https")
        self.host = host
        self.port = port
        self.startup_timeout = startup_timeout
        self.env = dict(env or {})
        self.proc = None
        self._log = None
        self.https_front = bool(self.spec.get("https_front"))
        if self.https_front and not self.tls:
            raise TargetError(f"{name} is an http -> https front: it needs tls=(cert, key)")
        self.https_port = None

    @property
    def scheme(self):
        return "https" if self.tls else "http"

    @property
    def url(self):
        if self.https_front:
            return f"http://{self.host}:{self.port}"
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def https_url(self):
        return f"https://{self.host}:{self.https_port or self.port}" if self.tls else None

    def argv(self):
        values = {"host": self.host, "port": str(self.port), "https_port": str(self.https_port)}
        argv = list(self.spec["command"])
        if self.tls:
            values["tls_cert"] = os.path.abspath(self.tls[0])
            values["tls_key"] = os.path.abspath(self.tls[1])
            argv += self.spec["tls_args"]
        return [a.format(**values) for a in argv]

    def log(self):
        """What the target wrote to stdout/stderr so far (for failure messages)."""
        if not self._log:
            return ""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def start(self):
        if self.port is None:
            self.port = free_port(self.host)
        while self.https_front and self.https_port in (None, self.port):
            self.https_port = free_port(self.host)
        self._log = tempfile.TemporaryFile()
        env = dict(os.environ, **self.env) if self.env else None
        self.proc = subprocess.Popen(self.argv(), cwd=REPO_ROOT, stdin=subprocess.DEVNULL, env=env,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self.proc.poll() is not None:
                out = self.log()
                self.stop()
                raise TargetError(f"{self.name} exited with {self.proc.returncode} at start-up:\n{out}")
            # Our own process must have announced its port (so a server of a concurrent test that
            # happens to hold the same port is never mistaken for ours; `ready_text` in the
            # manifest when a server announces it otherwise, as `php -S`) and must accept.
            if self.spec.get("ready_text", "listening on") in self.log():
                try:
                    with socket.create_connection((self.host, self.port), timeout=0.5):
                        time.sleep(0.1)
                        if self.proc.poll() is None:
                            return self
                except OSError:
                    pass
            if time.monotonic() > deadline:
                out = self.log()
                self.stop()
                raise TargetError(f"{self.name} did not accept connections within "
                                  f"{self.startup_timeout:.0f} s:\n{out}")
            time.sleep(0.05)

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait()
        else:
            try:  # children the target may have left behind in its group
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def close(self):
        self.stop()
        if self._log:
            self._log.close()
            self._log = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()
        return False


def fact_mismatches(observed, expected, skip=lambda key, want: False):
    """The facts of `expected` that `observed` lacks or disagrees with, as one line each
    ("KEY: expected X, observed Y"); lists compare sorted. `skip(key, want)` leaves a fact out
    (one the run did not set out to measure)."""
    out = []
    for key, want in expected.items():
        if skip(key, want):
            continue
        if isinstance(want, list):
            want = sorted(want)
        if key not in observed:
            out.append(f"{key}: expected {want!r}, not measured")
        elif observed[key] != want:
            out.append(f"{key}: expected {want!r}, observed {observed[key]!r}")
    return out
