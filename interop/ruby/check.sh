#!/bin/sh
# ctest entry for the Ruby interop checks (Debian ruby + ruby-rack).
#   check.sh fresh                  regenerate interop/vectors/{ruby_marshal,rack}.jsonl and compare
#   check.sh reverse HELPER KNOX    knox signs (token_interop_sign), real Rack verifies; knox token
#                                   and knox crack on cookies real Rack wrote
# Without ruby or ruby-rack the check is skipped (exit 77), except under CI=true.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
if ! command -v ruby >/dev/null || ! ruby -e 'require "rack"' 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "ruby or ruby-rack missing: apt-get install ruby-rack" >&2
    exit 1
  fi
  echo "SKIP: ruby or ruby-rack missing (apt-get install ruby-rack)"
  exit 77
fi
case "$1" in
  fresh) ruby "$dir/gen_vectors.rb" --check "$dir/../vectors" ;;
  reverse) ruby "$dir/verify_knox.rb" "$2" "$3" ;;
  *)
    echo "usage: check.sh fresh | reverse HELPER KNOX" >&2
    exit 2
    ;;
esac
