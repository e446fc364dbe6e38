#!/bin/sh
# ctest entry for the Laravel interop checks (Debian php-illuminate-encryption,
# php-illuminate-cookie 8.83 under PHP 8.2).
#   check.sh fresh                  regenerate interop/vectors/laravel.jsonl and compare byte for byte
#   check.sh reverse HELPER KNOX    knox signs (token_interop_sign), Laravel reads, in-process and
#                                   through PHP's own web server; every cookie of the vectors
#                                   through that server; knox token and knox crack on tokens
#                                   Laravel wrote
# Without php or the Illuminate packages the check is skipped (exit 77), except under CI=true.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
if ! command -v php >/dev/null ||
  ! php -r 'require "Illuminate/Encryption/autoload.php"; require "Illuminate/Cookie/autoload.php";
            exit(class_exists("Illuminate\\Cookie\\Middleware\\EncryptCookies") ? 0 : 1);' 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "php or Laravel missing: apt-get install php-cli php-illuminate-encryption php-illuminate-cookie" >&2
    exit 1
  fi
  echo "SKIP: php or Laravel missing (apt-get install php-cli php-illuminate-encryption php-illuminate-cookie)"
  exit 77
fi
case "$1" in
  fresh) php "$dir/gen_vectors.php" --check "$dir/../vectors" ;;
  reverse) php "$dir/verify_knox.php" "$2" "$3" ;;
  *)
    echo "usage: check.sh fresh | reverse HELPER KNOX" >&2
    exit 2
    ;;
esac
