<?php
// Reverse interop for `laravel`: knox signs, the real Laravel 8.83 reads — in-process
// (EncryptCookies, Encrypter::decryptString) and through PHP's own web server (`php -S` on
// loopback with sapi_router.php: the Cookie header parsed by PHP itself); every cookie of
// interop/vectors/laravel.jsonl through that server too (PHP's reading of the header is what
// knox's PhpCookieValue reproduces); and the knox CLI (verify, decode, crack) on tokens Laravel
// wrote.
//   php verify_knox.php TOKEN_INTEROP_SIGN KNOX
require __DIR__ . '/laravel.php';

use function KnoxLaravel\cookie_value;
use function KnoxLaravel\encrypter;
use function KnoxLaravel\read_cookie;
use function KnoxLaravel\write_cookie;

[$helper, $knox] = [$argv[1] ?? '', $argv[2] ?? ''];
if ($helper === '' || $knox === '') {
    fwrite(STDERR, "usage: php verify_knox.php TOKEN_INTEROP_SIGN KNOX\n");
    exit(2);
}
$failures = 0;
$checks = 0;

function check(string $name, bool $ok, string $detail = ''): void
{
    global $failures, $checks;
    ++$checks;
    if (!$ok) {
        ++$failures;
        fwrite(STDERR, "FAIL $name $detail\n");
    }
}

// Runs a command; [exit status, stdout, stderr].
function run(array $command, string $stdin = ''): array
{
    $process = proc_open($command, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    fwrite($pipes[0], $stdin);
    fclose($pipes[0]);
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    return [proc_close($process), $out, $err];
}

function knox(string ...$args): array
{
    global $knox;
    return run([$knox, ...$args]);
}

function parsed(string $text): array
{
    $doc = json_decode($text, true);
    return is_array($doc) ? $doc : [];
}

// ---- PHP's web server on a free loopback port --------------------------------------------------

function free_port(): int
{
    $socket = stream_socket_server('tcp://127.0.0.1:0');
    $name = stream_socket_get_name($socket, false);
    fclose($socket);
    return (int) substr($name, strrpos($name, ':') + 1);
}

$port = free_port();
$server = proc_open([PHP_BINARY, '-S', "127.0.0.1:$port", __DIR__ . '/sapi_router.php'],
                    [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
                    $serverPipes);
register_shutdown_function(function () use ($server) {
    proc_terminate($server);
    proc_close($server);
});
$ready = false;
for ($i = 0; $i < 100 && !$ready; ++$i) {
    $probe = @fsockopen('127.0.0.1', $port, $errno, $errstr, 0.1);
    if ($probe) {
        fclose($probe);
        $ready = true;
    } else {
        usleep(50000);
    }
}
if (!$ready) {
    fwrite(STDERR, "php -S did not start on port $port\n");
    exit(1);
}

// The app's view of the Cookie header "NAME=TOKEN" under APP_KEY and cipher.
function sapi_read(string $cookieHeader, string $appKey, string $cipher): array
{
    global $port;
    $context = stream_context_create(['http' => [
        'header' => "Cookie: $cookieHeader\r\nX-Knox-App-Key: $appKey\r\nX-Knox-Cipher: $cipher\r\n",
        'ignore_errors' => true, 'timeout' => 10]]);
    $body = file_get_contents("http://127.0.0.1:$port/", false, $context);
    return parsed($body === false ? '' : $body);
}

// ---- every cookie of the vectors through PHP's own request parsing -----------------------------

$vectors = array_map(fn ($line) => json_decode($line, true),
                     file(__DIR__ . '/../vectors/laravel.jsonl', FILE_IGNORE_NEW_LINES));
foreach ($vectors as $v) {
    if ($v['op'] !== 'verify' || $v['cookie_name'] === null || count($v['secrets']) !== 1) {
        continue;
    }
    $name = $v['cookie_name'];
    $appKey = $v['secrets'][0];
    $ciphers = $v['cipher'] !== null ? [$v['cipher']]
        : (strlen(KnoxLaravel\parse_key($appKey)) === 16 ? ['AES-128-CBC', 'AES-128-GCM'] : ['AES-256-CBC', 'AES-256-GCM']);
    $seen = null;
    foreach ($ciphers as $cipher) {
        $answer = sapi_read("$name={$v['token']}", $appKey, $cipher);
        check("sapi-parses-{$v['name']}", ($answer['raw'][$name] ?? null) === bin2hex(cookie_value($v['token'])),
              json_encode($answer));
        $seen ??= $answer['cookies'][$name] ?? null;
    }
    $expected = $v['outcome'] === 'ok' ? bin2hex($v['value'] ?? hex2bin($v['value_hex'])) : null;
    check("sapi-reads-{$v['name']}", $seen === $expected, "$seen != $expected");
}

// ---- knox signs, Laravel reads -------------------------------------------------------------------

const KEY256 = 'base64:a25veCBzaWducywgbGFyYXZlbCByZWFkcyAwMTIzNDU=';
const KEY128 = 'base64:c2l4dGVlbiBieXRlcyBrZQ==';
const OTHER256 = 'base64:QW5vdGhlciBrZXkgb2YgMzIgYnl0ZXMsIDAxMjM0NTY=';
const OTHER128 = 'YourSecretKey!!!';
const SESSION_ID = 'eNq7ZpXR3QkFbzGYSg2j0vDo6tgPPhclNnLwUBiX';
$cases = [
    // name, APP_KEY, --cipher (null: the default), cookie name (null: encryptString), value
    ['cookie-default-cipher', KEY256, null, 'laravel_session', SESSION_ID],
    ['cookie-cbc128', KEY128, 'AES-128-CBC', 'laravel_session', SESSION_ID],
    ['cookie-gcm256', KEY256, 'AES-256-GCM', 'XSRF-TOKEN', SESSION_ID],
    ['cookie-gcm128-lowercase', KEY128, 'aes-128-gcm', 'laravel_session', SESSION_ID],
    ['cookie-unicode', KEY256, null, 'prefs', "Zoë 日本 / + = ; % \"q\"\t"],
    ['cookie-empty', KEY256, 'AES-256-GCM', 'flag', ''],
    ['cookie-long', KEY256, null, 'big', str_repeat('0123456789', 300)],
    ['cookie-weak-key', 'SomeRandomString', 'AES-128-CBC', 'laravel_session', SESSION_ID],
    ['string-cbc256', KEY256, null, null, 'hello world'],
    ['string-gcm128', KEY128, 'AES-128-GCM', null, 'hello world'],
];
$requests = '';
foreach ($cases as [, $appKey, $cipher, $cookie, $value]) {
    $requests .= json_encode(['format' => 'laravel', 'input' => $value,
                              'options' => ['secrets' => [$appKey], 'cipher' => $cipher, 'cookie_name' => $cookie]])
                 . "\n";
}
[$status, $out] = run([$helper], $requests);
check('token_interop_sign', $status === 0);
$answers = explode("\n", trim($out));
foreach ($cases as $i => [$name, $appKey, $cipher, $cookie, $value]) {
    $answer = json_decode($answers[$i] ?? '', true) ?? [];
    if (!isset($answer['token'])) {
        check("sign-$name", false, $answer['error'] ?? 'no answer');
        continue;
    }
    $token = $answer['token'];
    $size = strlen(KnoxLaravel\parse_key($appKey));
    $appCipher = $cipher ?? 'AES-256-CBC';
    $other = $size === 16 ? OTHER128 : OTHER256;
    if ($cookie === null) {
        check("laravel-decrypts-$name", encrypter($appKey, $appCipher)->decryptString($token) === $value);
        try {
            encrypter($other, $appCipher)->decryptString($token);
            check("laravel-refuses-wrong-key-$name", false);
        } catch (\Illuminate\Contracts\Encryption\DecryptException $e) {
            check("laravel-refuses-wrong-key-$name", true);
        }
        continue;
    }
    check("set-cookie-escaped-$name", strpbrk($token, '+/=') === false, $token);
    $read = read_cookie(encrypter($appKey, $appCipher), $cookie, $token);
    check("laravel-reads-$name", $read === $value, var_export($read, true));
    check("laravel-refuses-wrong-key-$name", read_cookie(encrypter($other, $appCipher), $cookie, $token) === null);
    check("laravel-refuses-other-cookie-$name",
          read_cookie(encrypter($appKey, $appCipher), "{$cookie}_other", $token) === null);
    $answer = sapi_read("$cookie=$token; unrelated=1", $appKey, strtoupper($appCipher));
    check("laravel-web-server-reads-$name", ($answer['cookies'][$cookie] ?? null) === bin2hex($value),
          json_encode($answer));
}

// ---- knox CLI on tokens Laravel wrote ----------------------------------------------------------

$session = 'eNq7ZpXR3QkFbzGYSg2j0vDo6tgPPhclNnLwUBiX';
$old = write_cookie(encrypter(KEY256, 'AES-256-CBC'), 'laravel_session', $session);
[$st, $o] = knox('token', 'verify', '--format', 'laravel', '--secret', OTHER256, '--secret', KEY256,
                 '--cookie-name', 'laravel_session', '--json', $old);
$res = parsed($o);
check('cli-verify-rotation', $st === 0 && ($res['ok'] ?? false) && $res['key_index'] === 1 &&
      $res['value'] === $session, $o);
[$st, $o] = knox('token', 'verify', '--format', 'laravel', '--secret', KEY256, '--cookie-name', 'XSRF-TOKEN', '--json',
                 $old);
check('cli-verify-other-cookie', $st === 1 && (parsed($o)['error'] ?? '') === 'bad-signature', $o);
[$st, $o] = knox('token', 'verify', '--format', 'laravel', '--secret', KEY256, $old);
check('cli-verify-without-name-shows-prefix', $st === 0 &&
      rtrim($o, "\n") === \Illuminate\Cookie\CookieValuePrefix::create('laravel_session', KnoxLaravel\parse_key(KEY256))
      . $session, $o);
[$st, $o] = knox('token', 'verify', '--format', 'laravel', '--secret', KEY256, '--strict', '--json',
                 rawurldecode($old) . "\n");
check('cli-verify-strict-refuses-newline', $st === 1 && (parsed($o)['error'] ?? '') === 'malformed', $o);
[$st, $o] = knox('token', 'decode', '--json', $old);
$res = parsed($o);
check('cli-decode', $st === 0 && ($res['format'] ?? '') === 'laravel' && $res['encrypted'] === true &&
      isset($res['payload']['iv'], $res['payload']['mac']) &&
      $res['signature'] === json_decode(base64_decode(rawurldecode($old)), true)['mac'], $o);
$gcm = encrypter(KEY128, 'AES-128-GCM')->encryptString('plain');
[$st, $o] = knox('token', 'decode', '--json', $gcm);
check('cli-decode-encrypt-string', $st === 0 && (parsed($o)['format'] ?? '') === 'laravel', $o);
[$st, , $e] = knox('token', 'verify', '--format', 'laravel', '--secret', KEY256, '--cipher', 'AES-256-CBC', $old);
check('cli-cipher-is-sign-only', $st === 2, $e);
[$st, , $e] = knox('token', 'sign', '--format', 'laravel', '--secret', 'SomeRandomString', 'v');
check('cli-sign-key-too-short-for-default', $st === 2 && str_contains($e, 'AES-128'), $e);
[$st, , $e] = knox('token', 'sign', '--format', 'laravel', '--secret', KEY256, '--cipher', 'AES-192-CBC', 'v');
check('cli-sign-unknown-cipher', $st === 2, $e);
[$st, , $e] = knox('token', 'sign', '--format', 'flask', '--secret', 's', '--cipher', 'AES-256-CBC', '{}');
check('cli-cipher-not-for-flask', $st === 2 && str_contains($e, '--cipher does not apply to format flask'), $e);

$weakCbc = write_cookie(encrypter('SomeRandomString', 'AES-128-CBC'), 'laravel_session', $session);
$weakGcm = write_cookie(encrypter('YourSecretKey!!!', 'AES-128-GCM'), 'XSRF-TOKEN', $session);
$leaked = 'base64:' . base64_encode(str_repeat("\x42", 32));
$leakedGcm = encrypter($leaked, 'AES-256-GCM')->encryptString('payload');
$wordlist = tempnam(sys_get_temp_dir(), 'knox-laravel');
file_put_contents($wordlist, "wrong\nSomeRandomString\nYourSecretKey!!!\n$leaked\nlater\n");
foreach ([[$weakCbc, 'SomeRandomString', 'laravel_session'], [$weakGcm, 'YourSecretKey!!!', 'XSRF-TOKEN'],
          [$leakedGcm, $leaked, null]] as [$token, $secret, $cookie]) {
    foreach ([['--format', 'laravel'], []] as $extra) {
        [$st, $o, $e] = knox('crack', $token, '--wordlist', $wordlist, '--json', '--show-secret', ...$extra);
        $res = parsed($o);
        check('crack-' . ($cookie ?? 'string') . implode('', $extra), $st === 0 && ($res['found'] ?? false) &&
              $res['format'] === 'laravel' && $res['secret'] === $secret, $o . $e);
    }
    if ($cookie !== null) {
        [$st, $o, $e] = knox('crack', $token, '--wordlist', $wordlist, '--json', '--format', 'laravel',
                             '--cookie-name', $cookie);
        check("crack-with-cookie-name-$cookie", $st === 0 && (parsed($o)['found'] ?? false), $o . $e);
        [$st, $o, $e] = knox('crack', $token, '--wordlist', $wordlist, '--json', '--format', 'laravel',
                             '--cookie-name', 'other');
        check("crack-other-cookie-name-$cookie", $st === 1 && (parsed($o)['found'] ?? true) === false, $o . $e);
    }
}
[$st, $o, $e] = knox('crack', $weakCbc, '--json', '--show-secret');
check('crack-bundled-list', $st === 0 && (parsed($o)['secret'] ?? '') === 'SomeRandomString', $o . $e);
[$st, $o, $e] = knox('crack', $weakCbc, '--wordlist', '/dev/null', '--json');
check('crack-not-found', $st === 1 && (parsed($o)['found'] ?? true) === false, $o . $e);
unlink($wordlist);

if ($failures === 0) {
    echo "laravel: $checks checks, real Laravel and knox agree\n";
    exit(0);
}
fwrite(STDERR, "laravel: $failures of $checks checks failed\n");
exit(1);
