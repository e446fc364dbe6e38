#!/usr/bin/env bash
# End-to-end `knox crack --wordlist` rate on a generated 20 M-line list on disk (and on stdin), with
# 1 and 2 threads, next to the in-memory rate of the same search (crack_bench's crack/flask/<path>,
# one thread: the kernel ceiling per core). Words are 17 characters ("candidate%08d"), all misses,
# so every run tries the whole list; the token is crack_bench's 51-character Flask cookie.
#   bench/crack_wordlist.sh [LINES]      (KNOX_BUILD_DIR: default build-release; LIST: the file)
# The machine's load is printed with each run: on a shared host, compare runs of one invocation.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${KNOX_BUILD_DIR:-build-release}
lines=${1:-20000000}
list=${LIST:-/tmp/knox-crack-${lines}.txt}
knox="$build/knox"

if [ ! -s "$list" ]; then
  /usr/bin/python3 - "$list" "$lines" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    step = 100000
    for start in range(0, n, step):
        f.write("".join("candidate%08d\n" % i for i in range(start, min(n, start + step))))
PY
fi
token=$("$knox" token sign --format flask --secret "the real secret is not in the list" '{"id":"42"}')
cat "$list" > /dev/null  # page cache warm: the list is read from memory-backed disk cache

run() {  # label, then knox crack arguments
  local label=$1
  shift
  local load out
  load=$(cut -d' ' -f1 /proc/loadavg)
  out=$("$@" || true)
  /usr/bin/python3 -c '
import json, sys
o = json.loads(sys.argv[2])
print("%-28s %6.2f M/s  (%d candidates in %.2f s, engine %s, load %s)" % (
    sys.argv[1], o["rate"] / 1e6, o["candidates"], o["seconds"], o["engine"], sys.argv[3]))' \
    "$label" "$out" "$load"
}

echo "list: $list ($(wc -l < "$list") lines, $(du -h "$list" | cut -f1)); $(nproc) cores"
for t in 1 2; do
  run "file, $t thread(s)" "$knox" crack "$token" --format flask --wordlist "$list" --threads "$t" --json || true
done
for t in 1 2; do
  run "stdin, $t thread(s)" sh -c "\"$knox\" crack '$token' --format flask --wordlist - --threads $t --json < '$list'" || true
done
if [ -x "$build/bench/crack_bench" ]; then
  echo "in memory, one thread (crack_bench crack/flask/*, items_per_second):"
  "$build/bench/crack_bench" --benchmark_filter='^crack/flask/(avx512|shani|avx2)/process_time$' \
    --benchmark_repetitions=3 --benchmark_report_aggregates_only=true 2>/dev/null |
    grep -E "_(mean|median)" || true
fi
