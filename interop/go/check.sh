#!/bin/sh
# ctest entry for the gorilla interop checks (Debian golang-go 1.19,
# golang-github-gorilla-securecookie-dev 1.1.1, golang-github-gorilla-sessions-dev 1.2.1).
#   check.sh fresh BUILD_DIR                 regenerate interop/vectors/gorilla.jsonl and compare
#   check.sh gen BUILD_DIR                   rewrite interop/vectors/gorilla.jsonl
#   check.sh reverse BUILD_DIR HELPER KNOX   knox signs (token_interop_sign), gorilla/sessions
#                                            reads; knox token and knox crack on gorilla's cookies
# The Go program is built offline (GOPATH mode over Debian's /usr/share/gocode, nothing
# downloaded) into BUILD_DIR/interop-go. Without go or the gorilla packages the check is skipped
# (exit 77), except under CI=true.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
src=/usr/share/gocode/src/github.com/gorilla
if ! command -v go >/dev/null || [ ! -d "$src/securecookie" ] || [ ! -d "$src/sessions" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "go or gorilla missing: apt-get install golang-go golang-github-gorilla-sessions-dev" >&2
    exit 1
  fi
  echo "SKIP: go or gorilla missing (apt-get install golang-go golang-github-gorilla-sessions-dev)"
  exit 77
fi
[ $# -ge 2 ] || { echo "usage: check.sh fresh|gen BUILD_DIR | reverse BUILD_DIR HELPER KNOX" >&2; exit 2; }
mkdir -p "$2/interop-go"
out=$(cd "$2/interop-go" && pwd)
(cd "$dir" && GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= GOCACHE="$out/cache" \
  GOTOOLCHAIN=local GOPROXY=off go build -o "$out/gorilla_interop" .)
case "$1" in
  fresh) "$out/gorilla_interop" gen --check "$dir/../vectors/gorilla.jsonl" ;;
  gen) "$out/gorilla_interop" gen >"$dir/../vectors/gorilla.jsonl" ;;
  reverse) "$out/gorilla_interop" reverse "$3" "$4" ;;
  *)
    echo "usage: check.sh fresh|gen BUILD_DIR | reverse BUILD_DIR HELPER KNOX" >&2
    exit 2
    ;;
esac
