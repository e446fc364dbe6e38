<?php
// Laravel 8 encrypted cookies in their own language: bench/compare's peer for knox's laravel rows
// (bench/token_bench.cc). Debian's php-illuminate-encryption / php-illuminate-cookie 8.83, the
// `php` CLI, nothing else.
//
//   php -d include_path=/usr/share/php bench/peers/laravel_cookies.php SECONDS
//   (APP_KEY in BENCH_SECRET: token_bench's "base64:..." key)
//
// The cipher is Laravel's default (config app.cipher AES-256-CBC, HMAC-SHA256), the cookie is
// named "session" and its value is token_bench's payload text {"user_id":"123","role":"admin"}.
// Each call does what EncryptCookies and PHP do for that one cookie:
//  - sign: Encrypter::encrypt(CookieValuePrefix::create(NAME, key) . VALUE, serialize: false)
//    (EncryptCookies::encrypt), rawurlencode as Symfony's Cookie writes Set-Cookie;
//  - verify: rawurldecode (PHP's Cookie header parse), Encrypter::decrypt(.., false)
//    (EncryptCookies::decryptCookie), the prefix check and CookieValuePrefix::remove
//    (EncryptCookies::decrypt).
// Prints a JSON list of rows {"operation", "peer", "rate" (calls per second of process CPU time),
// "token" (sign rows)}.

require_once 'Illuminate/Encryption/autoload.php';
require_once 'Illuminate/Cookie/autoload.php';

use Illuminate\Cookie\CookieValuePrefix;
use Illuminate\Encryption\Encrypter;

// Deprecation notices inside the library (strlen(null) in ensureTagIsValid) change nothing.
error_reporting(E_ALL & ~E_DEPRECATED);

const NAME = 'session';
const PAYLOAD = '{"user_id":"123","role":"admin"}';

// This process's CPU time in seconds (user + system).
function cpu_seconds(): float
{
    $u = getrusage();
    return $u['ru_utime.tv_sec'] + $u['ru_utime.tv_usec'] / 1e6
        + $u['ru_stime.tv_sec'] + $u['ru_stime.tv_usec'] / 1e6;
}

function calls_per_second(float $seconds, callable $fn): float
{
    $n = 0;
    $start = cpu_seconds();
    for (;;) {
        for ($i = 0; $i < 200; $i++) {
            $fn();
        }
        $n += 200;
        $elapsed = cpu_seconds() - $start;
        if ($elapsed >= $seconds) {
            return $n / $elapsed;
        }
    }
}

$seconds = (float) ($argv[1] ?? 1);
$appKey = getenv('BENCH_SECRET');
// EncryptionServiceProvider::parseKey: "base64:" then the base64 of the key bytes.
$key = str_starts_with($appKey, 'base64:') ? base64_decode(substr($appKey, 7)) : $appKey;
$encrypter = new Encrypter($key, 'AES-256-CBC');

$sign = function () use ($encrypter) {
    $value = CookieValuePrefix::create(NAME, $encrypter->getKey()) . PAYLOAD;
    return rawurlencode($encrypter->encrypt($value, false));
};
$token = $sign();
$verify = function () use ($encrypter, $token) {
    $value = $encrypter->decrypt(rawurldecode($token), false);
    $valid = strpos($value, CookieValuePrefix::create(NAME, $encrypter->getKey())) === 0;
    return $valid ? CookieValuePrefix::remove($value) : null;
};
if ($verify() !== PAYLOAD) {
    fwrite(STDERR, "laravel: the encrypter does not read back its own cookie\n");
    exit(1);
}

$peer = 'Laravel 8.83 Encrypter (PHP ' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION . ')';
echo json_encode([
    ['operation' => 'sign/laravel', 'peer' => $peer, 'rate' => calls_per_second($seconds, $sign),
     'token' => $token],
    ['operation' => 'verify/laravel', 'peer' => $peer,
     'rate' => calls_per_second($seconds, $verify)],
]), "\n";
