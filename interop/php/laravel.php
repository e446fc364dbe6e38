<?php
// The real Laravel 8.83 classes of Debian 12 (php-illuminate-encryption, php-illuminate-cookie,
// Symfony's HttpFoundation 5.4), driven outside an app the way an app drives them; shared by
// gen_vectors.php, verify_knox.php and sapi_router.php.
//
//   KnoxLaravel\seed(NAME)       makes random_bytes() deterministic (null: PHP's CSPRNG again)
//   KnoxLaravel\encrypter(K, C)  new Encrypter(parseKey(APP_KEY K), cipher C)
//   KnoxLaravel\write_cookie     what EncryptCookies puts into Set-Cookie for NAME = VALUE
//   KnoxLaravel\read_cookie      what the app sees for cookie NAME (null: no cookie)
//   KnoxLaravel\cookie_value     PHP's reading of one cookie value in the Cookie header

namespace Illuminate\Encryption {

// Encrypter calls random_bytes() unqualified from this namespace, so PHP finds this function
// first: with a seed, IVs come from a deterministic stream and the vectors regenerate byte for
// byte; without one, from PHP's own CSPRNG.
function random_bytes(int $length): string
{
    return \KnoxLaravel\random_bytes($length);
}

}

namespace KnoxLaravel {

// The include path holds /usr/share/php, where Debian installs the packages' autoloaders.
require_once 'Illuminate/Encryption/autoload.php';
require_once 'Illuminate/Cookie/autoload.php';

use Illuminate\Cookie\Middleware\EncryptCookies;
use Illuminate\Encryption\Encrypter;
use Illuminate\Encryption\EncryptionServiceProvider;
use Symfony\Component\HttpFoundation\Cookie;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;

// Messages of deprecations and warnings inside the library (strlen(null) in
// Encrypter::ensureTagIsValid, "Array to string conversion") do not change what it does.
error_reporting(E_ALL & ~E_DEPRECATED & ~E_WARNING & ~E_NOTICE);

$GLOBALS['knox_seed'] = null;
$GLOBALS['knox_counter'] = 0;

function seed(?string $name): void
{
    $GLOBALS['knox_seed'] = $name;
    $GLOBALS['knox_counter'] = 0;
}

function random_bytes(int $length): string
{
    if ($GLOBALS['knox_seed'] === null) {
        return \random_bytes($length);
    }
    $out = '';
    while (strlen($out) < $length) {
        $out .= hash('sha256', $GLOBALS['knox_seed'] . '#' . $GLOBALS['knox_counter']++, true);
    }
    return substr($out, 0, $length);
}

// EncryptionServiceProvider::parseKey, the real method (the provider is built without an app:
// parseKey reads nothing but its argument).
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

function parse_key(string $appKey): string
{
    return (new KeyParser())->parse($appKey);
}

function encrypter(string $appKey, string $cipher): Encrypter
{
    return new Encrypter(parse_key($appKey), $cipher);
}

// PHP's request parser on a Cookie header "NAME=TOKEN": the value ends at the first ';' and is
// decoded by php_raw_url_decode, which is what rawurldecode() runs ('+' stays '+'). check.sh
// compares it with the real SAPI (php -S) on every cookie of the vectors.
function cookie_value(string $token): string
{
    return rawurldecode(explode(';', $token, 2)[0]);
}

// The Set-Cookie value EncryptCookies and Symfony's Cookie write for NAME = VALUE.
function write_cookie(Encrypter $encrypter, string $name, string $value): string
{
    $middleware = new EncryptCookies($encrypter);
    $response = $middleware->handle(Request::create('/'), function () use ($name, $value) {
        $response = new Response();
        $response->headers->setCookie(new Cookie($name, $value));
        return $response;
    });
    $line = (string) $response->headers->getCookies()[0];
    $start = strlen($name) + 1;
    return substr($line, $start, strpos($line, ';') - $start);
}

// What the app's code reads as cookie NAME after EncryptCookies when the Cookie header carries
// NAME=TOKEN: the value, or null (the middleware drops a cookie it cannot decrypt or whose prefix
// is not this cookie's). Any other exception escapes the middleware (the app answers 500).
function read_cookie(Encrypter $encrypter, string $name, string $token): ?string
{
    $middleware = new EncryptCookies($encrypter);
    $seen = null;
    $request = Request::create('/', 'GET', [], [$name => cookie_value($token)]);
    $middleware->handle($request, function ($request) use (&$seen, $name) {
        $seen = $request->cookies->get($name);
        return new Response();
    });
    return $seen;
}

}
