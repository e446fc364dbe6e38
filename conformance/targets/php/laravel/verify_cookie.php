<?php
// Ground truth for laravel-session-csrf, without knox: Laravel's own EncryptCookies middleware and
// Encrypter (Debian's php-illuminate-cookie / -encryption 8.83) read a cookie under each secret.
//
// stdin:  {"name": COOKIE NAME, "value": the Set-Cookie value, "secrets": [APP_KEY, ...]}
// stdout: {"index": i of the first secret under which the app would see the cookie (-1: none),
//          "plaintext": what the app sees (the session id) under it, or null,
//          "envelope": the members of the base64 JSON envelope, readable without a key}
// A secret is an APP_KEY as in .env (`base64:...` or the key itself, parsed by
// EncryptionServiceProvider::parseKey); one that gives neither 16 nor 32 bytes cannot be an
// APP_KEY (Laravel refuses to start with it) and is skipped. The app's cipher follows the key's
// size; CBC and GCM are both tried (the token's `tag` says which one wrote it).
declare(strict_types=1);
error_reporting(E_ALL & ~E_DEPRECATED & ~E_WARNING & ~E_NOTICE);

require_once 'Illuminate/Encryption/autoload.php';
require_once 'Illuminate/Cookie/autoload.php';

use Illuminate\Cookie\Middleware\EncryptCookies;
use Illuminate\Encryption\Encrypter;
use Illuminate\Encryption\EncryptionServiceProvider;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;

final class KeyParser extends EncryptionServiceProvider
{
    public function __construct()
    {
    }

    public function parse(string $appKey): string
    {
        return $this->parseKey(['key' => $appKey]);
    }
}

// What the app's code sees as cookie NAME after EncryptCookies (null: dropped).
function read_cookie(Encrypter $encrypter, string $name, string $value): ?string
{
    $seen = null;
    $request = Request::create('/', 'GET', [], [$name => rawurldecode($value)]);
    (new EncryptCookies($encrypter))->handle($request, function ($request) use (&$seen, $name) {
        $seen = $request->cookies->get($name);
        return new Response();
    });
    return $seen;
}

$in = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$out = ['index' => -1, 'plaintext' => null, 'envelope' => null];
$envelope = json_decode((string) base64_decode(rawurldecode($in['value']), true), true);
if (is_array($envelope)) {
    $out['envelope'] = array_keys($envelope);
}
foreach ($in['secrets'] as $i => $secret) {
    $key = (new KeyParser())->parse($secret);
    $ciphers = strlen($key) === 16 ? ['AES-128-CBC', 'AES-128-GCM']
             : (strlen($key) === 32 ? ['AES-256-CBC', 'AES-256-GCM'] : []);
    foreach ($ciphers as $cipher) {
        $seen = read_cookie(new Encrypter($key, $cipher), $in['name'], $in['value']);
        if ($seen !== null) {
            $out['index'] = $i;
            $out['plaintext'] = $seen;
            break 2;
        }
    }
}
echo json_encode($out), "\n";
