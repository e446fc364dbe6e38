#!/usr/bin/python3
"""Lints the root Dockerfile without a container engine (none is installed here).

Usage: dockerfile_test.py PATH/TO/knox

- two stages: `FROM debian:12 AS build` and a final `FROM debian:12-slim`, no other base image;
- the build stage installs only packages that ./setup installs (the build dependencies);
- the runtime stage installs exactly the Debian packages that own the shared libraries knox needs
  (its NEEDED entries, located with `ldd knox`, mapped with `dpkg -S`), plus ca-certificates for
  TLS verification;
- every `apt-get install` uses --no-install-recommends and its RUN removes the apt lists;
- the final stage copies knox from the build stage, switches to a non-root USER and ends with
  ENTRYPOINT ["knox"] in exec form.
"""
import json
import os
import re
import subprocess
import sys

KNOX = sys.argv[1]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


# Instructions, with continuation lines joined and comments dropped.
instructions = []
pending = ""
for line in open(os.path.join(ROOT, "Dockerfile"), encoding="utf-8"):
    line = line.rstrip("\n")
    if not pending and (line.strip() == "" or line.lstrip().startswith("#")):
        continue
    if line.endswith("\\"):
        pending += line[:-1] + " "
        continue
    instructions.append((pending + line).strip())
    pending = ""
check(pending == "", "a continuation line at the end of the Dockerfile")

KNOWN = {"FROM", "RUN", "COPY", "WORKDIR", "USER", "ENTRYPOINT", "CMD", "ENV", "ARG", "LABEL",
         "EXPOSE"}
stages = []
for ins in instructions:
    keyword, _, rest = ins.partition(" ")
    check(keyword in KNOWN, f"unknown or unexpected instruction {keyword}")
    if keyword == "FROM":
        stages.append({"from": rest, "body": []})
    else:
        check(bool(stages), f"{keyword} before FROM")
        if stages:
            stages[-1]["body"].append((keyword, rest))

check([s["from"] for s in stages] == ["debian:12 AS build", "debian:12-slim"],
      f"stages {[s['from'] for s in stages]}")


def installed_packages(stage):
    packages = []
    for keyword, rest in stage["body"]:
        if keyword != "RUN":
            continue
        for command in re.split(r"&&|;", rest):
            words = command.split()
            if "apt-get" in words and "install" in words:
                check("--no-install-recommends" in words, f"apt-get install without "
                      f"--no-install-recommends: {command.strip()}")
                check("rm -rf /var/lib/apt/lists/*" in rest, "RUN with apt-get install keeps "
                      "/var/lib/apt/lists")
                packages += [w for w in words[words.index("install") + 1:] if not w.startswith("-")]
    return packages


# The build stage installs build dependencies that ./setup also installs.
setup = open(os.path.join(ROOT, "setup"), encoding="utf-8").read()
setup_list = re.search(r"^packages=\((.*?)^\)", setup, re.M | re.S).group(1)
setup_packages = {w for line in setup_list.splitlines() for w in line.split("#")[0].split()}
build = installed_packages(stages[0]) if stages else []
check(build, "the build stage installs nothing")
check(set(build) <= setup_packages, f"build stage packages not in ./setup: "
      f"{sorted(set(build) - setup_packages)}")

# The runtime stage installs the packages of the binary's shared libraries (its own NEEDED entries,
# located by ldd; apt brings their dependencies), and nothing else.
ldd = subprocess.run(["ldd", KNOX], capture_output=True, text=True, check=True).stdout
where = dict(re.findall(r"^\s*(\S+) => (/\S+)", ldd, re.M))
dynamic = subprocess.run(["objdump", "-p", KNOX], capture_output=True, text=True, check=True).stdout
sonames = re.findall(r"^\s*NEEDED\s+(\S+)", dynamic, re.M)
check(len(sonames) >= 5, f"NEEDED: {sonames}")
needed = set()
for soname in sonames:
    path = where.get(soname)
    check(path is not None, f"ldd does not resolve {soname}")
    if path is None:
        continue
    candidates = [path, os.path.realpath(path)]
    candidates += [p[len("/usr"):] for p in list(candidates) if p.startswith("/usr/")]
    owner = None
    for candidate in candidates:
        r = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if r.returncode == 0:
            owner = r.stdout.split(":")[0].strip()
            break
    check(owner is not None, f"no Debian package owns {path}")
    if owner:
        needed.add(owner)
runtime = installed_packages(stages[-1]) if stages else []
check(len(needed) >= 5, f"ldd found only {sorted(needed)}")
check(set(runtime) == needed | {"ca-certificates"},
      f"runtime packages {sorted(runtime)} != ldd's {sorted(needed)} + ca-certificates")

# The final stage: knox from the build stage, a non-root user, knox as the entry point.
final = stages[-1]["body"] if stages else []
check(any(k == "COPY" and rest.startswith("--from=build ") and rest.endswith(" /usr/bin/knox")
          for k, rest in final), "the final stage does not COPY --from=build ... /usr/bin/knox")
users = [rest for k, rest in final if k == "USER"]
check(users and users[-1] not in ("root", "0") and not users[-1].startswith("0:"),
      f"final USER {users}")
entry = [rest for k, rest in final if k == "ENTRYPOINT"]
check(len(entry) == 1 and json.loads(entry[0]) == ["knox"], f"ENTRYPOINT {entry}")
check(final and final[-1][0] in ("ENTRYPOINT", "CMD"), "ENTRYPOINT/CMD is not at the end")

for f in failures:
    print("FAIL:", f)
print(f"Dockerfile: runtime {sorted(runtime)}, {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
