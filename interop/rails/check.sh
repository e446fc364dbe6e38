#!/bin/sh
# ctest entry for the Rails interop checks (Debian ruby-actionpack, ruby-activesupport 6.1).
#   check.sh fresh                  regenerate the signed vectors of interop/vectors/rails.jsonl and
#                                   compare; Rails reads every recorded encrypted cookie as recorded
#   check.sh reverse HELPER KNOX    knox signs (token_interop_sign), Rails's cookie jars read; knox
#                                   token and knox crack on cookies Rails wrote
# Without ruby or actionpack the check is skipped (exit 77), except under CI=true.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
if ! command -v ruby >/dev/null || ! ruby -e 'require "action_dispatch"' 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "ruby or actionpack missing: apt-get install ruby-actionpack" >&2
    exit 1
  fi
  echo "SKIP: ruby or actionpack missing (apt-get install ruby-actionpack)"
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
