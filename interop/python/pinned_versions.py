"""The installed Debian versions of the real libraries beside interop/versions.txt's minimums.

gen_vectors*.py --check print this when a fresh run differs from the committed vectors, so that an
outdated library (./setup upgrades it) is told apart from a change in the generator.
"""
import os
import subprocess
import sys

VERSIONS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "versions.txt")


def minimums():
    """{package: minimum version} from interop/versions.txt."""
    with open(VERSIONS_FILE, encoding="utf-8") as f:
        return dict(line.split() for line in f if line.strip() and not line.startswith("#"))


def installed(package):
    result = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                            capture_output=True, text=True, check=False)
    return result.stdout.strip() or None


def report(packages, file=sys.stdout):
    needed = minimums()
    for package in packages:
        have, need = installed(package), needed.get(package)
        older = have is None or (need is not None and subprocess.run(
            ["dpkg", "--compare-versions", have, "lt", need], check=False).returncode == 0)
        print(f"  {package}: installed {have or 'none'}, vectors made with {need or '?'}"
              f"{' (older: run ./setup)' if older else ''}", file=file)
