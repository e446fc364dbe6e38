#!/usr/bin/env bash
# Fails unless every object in the given static libraries carries libFuzzer's coverage
# instrumentation (a __sancov_cntrs section, from -fsanitize=fuzzer-no-link). Run by the fuzz
# build after the libraries are built: a library compiled without it would leave the fuzzers
# mutating blindly (libFuzzer sees only the harness's edges). Usage: check_instrumented.sh LIB.a...
set -euo pipefail
status=0
for lib in "$@"; do
  # readelf prints "File: lib.a(member.o)" before each member's section table.
  report=$(readelf -S --wide "$lib" | awk '
    /^File: / { if (member != "" && !seen) print member; member = $2; seen = 0; next }
    /__sancov_cntrs/ { seen = 1 }
    END { if (member != "" && !seen) print member }')
  if [ -n "$report" ]; then
    echo "check_instrumented: objects without coverage instrumentation:" >&2
    echo "$report" | sed 's/^/  /' >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "check_instrumented: $# libraries, every object instrumented"
exit "$status"
