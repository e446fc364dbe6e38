#!/bin/sh
# ctest entry for the Node interop checks.
#   check.sh fresh             re-run gen_vectors.js and compare with interop/vectors/node.jsonl
#   check.sh reverse HELPER    knox signs (token_interop_sign), the real libraries verify
# Without node_modules (./setup not run) the check is skipped (exit 77), except under CI=true.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$dir/node_modules/express-session" ] || ! command -v node >/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "interop/node/node_modules missing: run ./setup (npm ci)" >&2
    exit 1
  fi
  echo "SKIP: interop/node/node_modules missing; run ./setup"
  exit 77
fi
case "$1" in
  fresh)
    tmp=$(mktemp)
    trap 'rm -f "$tmp"' EXIT
    node "$dir/gen_vectors.js" "$tmp"
    if ! cmp -s "$tmp" "$dir/../vectors/node.jsonl"; then
      echo "interop/vectors/node.jsonl is stale: run node interop/node/gen_vectors.js interop/vectors/node.jsonl" >&2
      diff "$tmp" "$dir/../vectors/node.jsonl" | head -20 | cut -c1-200 >&2
      exit 1
    fi
    echo "node.jsonl: $(wc -l < "$tmp") vectors, identical to the libraries' output"
    ;;
  reverse)
    node "$dir/verify_knox.js" "$2"
    ;;
  *)
    echo "usage: check.sh fresh | reverse HELPER" >&2
    exit 2
    ;;
esac
