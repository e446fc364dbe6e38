<?php
// Router of `php -S` for verify_knox.php: PHP's own SAPI parses the request's Cookie header into
// $_COOKIE, Symfony's Request::createFromGlobals reads it, and EncryptCookies runs with the APP_KEY
// and cipher of the X-Knox-App-Key and X-Knox-Cipher headers — an app's whole path to a cookie.
// Answers JSON: "raw", the cookies as PHP parsed them, and "cookies", what the app sees after the
// middleware (values in hex, null for a cookie it dropped), or "error", the exception that
// escaped it.
require __DIR__ . '/laravel.php';

use Illuminate\Cookie\Middleware\EncryptCookies;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;

$hex = fn (array $cookies) => array_map(fn ($v) => $v === null ? null : bin2hex($v), $cookies);
$out = ['raw' => $hex($_COOKIE)];
try {
    $encrypter = KnoxLaravel\encrypter($_SERVER['HTTP_X_KNOX_APP_KEY'], $_SERVER['HTTP_X_KNOX_CIPHER']);
    $seen = null;
    (new EncryptCookies($encrypter))->handle(Request::createFromGlobals(), function ($request) use (&$seen) {
        $seen = $request->cookies->all();
        return new Response();
    });
    $out['cookies'] = $hex($seen);
} catch (\Throwable $e) {
    $out['error'] = get_class($e) . ': ' . $e->getMessage();
}
header('Content-Type: application/json');
echo json_encode($out);
