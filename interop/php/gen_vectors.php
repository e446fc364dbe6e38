<?php
// Vectors made by the real Laravel 8.83 Encrypter and EncryptCookies middleware (Debian 12's
// php-illuminate-encryption and php-illuminate-cookie under PHP 8.2): interop/vectors/laravel.jsonl
//   op "sign":       what EncryptCookies writes into Set-Cookie for NAME = VALUE (cookie_name set)
//                    or what Crypt::encryptString returns (cookie_name null). random_bytes is
//                    seeded per case (laravel.php), so the IVs — recorded in "iv" — and therefore
//                    every token regenerate byte for byte, and knox must write the same bytes.
//   op "verify":     how Laravel reads a token: with a cookie name, what the app sees after
//                    EncryptCookies for the Cookie header NAME=TOKEN; without one,
//                    decryptString of the cookie value. With several secrets, each is the APP_KEY
//                    of an app in turn (Laravel 8 has no previous keys; knox's rotation tries them
//                    in order). "cipher" null: the app's cipher is either of those the key's
//                    length allows (CBC or GCM) — knox's auto-detection; else that one cipher.
//                    "shape" says whether the token is exactly what Laravel 8.83 writes
//                    ("written"), another shape json_encode writes ("laravel"), or neither.
//                    "outcome" is "ok" with "value" ("value_hex" when not UTF-8), or knox's kind of refusal, which names the
//                    step (bad-signature, malformed); "php" records what Laravel said.
//   op "app-key":    EncryptionServiceProvider::parseKey of APP_KEY, and whether a cipher takes it.
//   op "php-base64": base64_decode($s) and base64_decode($s, true) of PHP itself.
// Usage: php gen_vectors.php OUT_DIR             write OUT_DIR/laravel.jsonl
//        php gen_vectors.php --check VECTOR_DIR  regenerate and compare byte for byte
require __DIR__ . '/laravel.php';

use function KnoxLaravel\cookie_value;
use function KnoxLaravel\encrypter;
use function KnoxLaravel\parse_key;
use function KnoxLaravel\read_cookie;
use function KnoxLaravel\seed;
use function KnoxLaravel\write_cookie;

const KEY256 = 'base64:S25veCBsYXJhdmVsIHRlc3Qga2V5IDAxMjM0NTY3ODk=';  // 32 bytes
const KEY256_OLD = 'base64:T2xkIGtub3ggbGFyYXZlbCBrZXkgIDAxMjM0NTY3ODk=';
const KEY256_OTHER = 'base64:QW5vdGhlciBrZXkgb2YgMzIgYnl0ZXMsIDAxMjM0NTY=';
const KEY128 = 'base64:c2l4dGVlbiBieXRlcyBrZQ==';  // 16 bytes
const SESSION_ID = 'eNq7ZpXR3QkFbzGYSg2j0vDo6tgPPhclNnLwUBiX';  // Str::random(40)-shaped
const XSRF = 'Yq0H9NvYb8LsxQ2zXKz3cGm1VtRrPj4oWuEaDfIh';

function json_line(array $record): string
{
    return json_encode($record, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR) . "\n";
}

function key_bytes(string $appKey): string
{
    return parse_key($appKey);
}

function auto_ciphers(string $appKey): array
{
    return strlen(key_bytes($appKey)) === 16 ? ['AES-128-CBC', 'AES-128-GCM'] : ['AES-256-CBC', 'AES-256-GCM'];
}

// ---- sign: byte-exact ----------------------------------------------------------------------------

const SIGN_CASES = [
    // name, APP_KEY, cipher, cookie name (null: encryptString), value
    ['session-cbc256', KEY256, 'AES-256-CBC', 'laravel_session', SESSION_ID],
    ['xsrf-token', KEY256, 'AES-256-CBC', 'XSRF-TOKEN', XSRF],
    ['session-cbc128', KEY128, 'AES-128-CBC', 'laravel_session', SESSION_ID],
    ['session-gcm256', KEY256, 'AES-256-GCM', 'laravel_session', SESSION_ID],
    ['session-gcm128', KEY128, 'AES-128-GCM', 'laravel_session', SESSION_ID],
    ['remember-cookie', KEY256, 'AES-256-CBC', 'remember_web_59ba36addc2b2f9401580f014c7f58ea4e30989d',
     '1|pmXNcbnDaOtTnpMEmVfbsmLwCVYpZYdmHTWkNUYjWsTsvzCCCiwCbIFLHdTP|$2y$10$abcdefghijklmnopqrstuv'],
    ['empty-value', KEY256, 'AES-256-CBC', 'flag', ''],
    ['unicode-value', KEY256, 'AES-256-CBC', 'prefs', "Zoë 日本 / + = ; % \"q\" \\ \t"],
    ['long-value', KEY256, 'AES-256-GCM', 'big', null],  // 3000 bytes, filled in below
    ['encrypt-string-cbc', KEY256, 'AES-256-CBC', null, 'hello world'],
    ['encrypt-string-gcm', KEY128, 'AES-128-GCM', null, 'hello world'],
    ['encrypt-string-empty-gcm', KEY256, 'AES-256-GCM', null, ''],
    ['raw-text-key', '0123456789abcdef0123456789abcdef', 'AES-256-CBC', 'laravel_session', SESSION_ID],
    ['weak-some-random-string', 'SomeRandomString', 'AES-128-CBC', 'laravel_session', SESSION_ID],
    ['weak-your-secret-key', 'YourSecretKey!!!', 'AES-128-GCM', 'laravel_session', SESSION_ID],
    ['lowercase-cipher-name', KEY256, 'aes-256-gcm', 'laravel_session', SESSION_ID],
];

function long_value(): string
{
    $out = '';
    for ($i = 0; strlen($out) < 3000; ++$i) {
        $out .= "item-$i,";
    }
    return substr($out, 0, 3000);
}

// The token Laravel writes, deterministic for the case's name.
function laravel_writes(string $name, string $appKey, string $cipher, ?string $cookie, string $value): string
{
    seed("sign-$name");
    $encrypter = encrypter($appKey, $cipher);
    $token = $cookie === null ? $encrypter->encryptString($value) : write_cookie($encrypter, $cookie, $value);
    seed(null);
    return $token;
}

function sign_vectors(): array
{
    $out = [];
    foreach (SIGN_CASES as [$name, $appKey, $cipher, $cookie, $value]) {
        $value ??= long_value();
        $token = laravel_writes($name, $appKey, $cipher, $cookie, $value);
        seed("sign-$name");
        $iv = KnoxLaravel\random_bytes(str_contains(strtolower($cipher), 'gcm') ? 12 : 16);
        seed(null);
        $envelope = json_decode(base64_decode(cookie_value($token)), true);
        if (base64_decode($envelope['iv']) !== $iv) {
            throw new RuntimeException("$name: the IV is not the seeded one");
        }
        $read = $cookie === null ? encrypter($appKey, $cipher)->decryptString($token)
            : read_cookie(encrypter($appKey, $cipher), $cookie, $token);
        if ($read !== $value) {
            throw new RuntimeException("$name: Laravel does not read back what it wrote");
        }
        $out[] = ['format' => 'laravel', 'name' => "sign-$name", 'op' => 'sign', 'secret' => $appKey,
                  'cipher' => $cipher, 'cookie_name' => $cookie, 'iv' => bin2hex($iv), 'value' => $value,
                  'token' => $token];
    }
    return $out;
}

// ---- verify: what Laravel reads ------------------------------------------------------------------

// Laravel's verdict: [ok, value, key index, what PHP said].
function laravel_reads(array $secrets, ?string $cookie, string $token, ?string $cipher): array
{
    $said = [];
    foreach ($secrets as $index => $appKey) {
        foreach ($cipher === null ? auto_ciphers($appKey) : [$cipher] as $c) {
            $label = count($secrets) > 1 ? "key $index $c" : $c;
            try {
                $encrypter = encrypter($appKey, $c);
                if ($cookie === null) {
                    return [true, $encrypter->decryptString(cookie_value($token)), $index, ''];
                }
                $value = read_cookie($encrypter, $cookie, $token);
                if ($value !== null) {
                    return [true, $value, $index, ''];
                }
                // Why EncryptCookies dropped it: decrypt() again for its exception, else the prefix.
                try {
                    $encrypter->decrypt(cookie_value($token), false);
                    $said[] = "$label: CookieValuePrefix is not this cookie's";
                } catch (\Throwable $e) {
                    $said[] = "$label: " . get_class($e) . ': ' . $e->getMessage();
                }
            } catch (\Throwable $e) {
                $said[] = "$label: " . get_class($e) . ': ' . $e->getMessage();
            }
        }
    }
    return [false, null, null, implode('; ', $said)];
}

function b64(string $bytes): string
{
    return base64_encode($bytes);
}

// The envelope of a token, and a token made of an envelope (as Encrypter would encode it).
function envelope(string $token): array
{
    return json_decode(base64_decode(cookie_value($token)), true);
}

function payload_of(array $envelope, int $flags = JSON_UNESCAPED_SLASHES): string
{
    return base64_encode(json_encode($envelope, $flags));
}

// A CBC envelope re-MACed with the key, as only the key's holder can (texts as given).
function remac(array $envelope, string $appKey): array
{
    $envelope['mac'] = hash_hmac('sha256', $envelope['iv'] . $envelope['value'], key_bytes($appKey));
    return $envelope;
}

function flip(string $text, int $at): string
{
    $text[$at] = $text[$at] === 'A' ? 'B' : 'A';
    return $text;
}

// `$text` without its '=' padding; a case built on it must really change something.
function unpadded(string $text): string
{
    if (!str_ends_with($text, '=')) {
        throw new RuntimeException("no padding to remove in $text");
    }
    return rtrim($text, '=');
}

function flip_hex(string $hex, int $at): string
{
    $hex[$at] = $hex[$at] === '0' ? '1' : '0';
    return $hex;
}

// Each case: name, token, secrets, cookie, cipher, outcome.
function verify_cases(array $signed): array
{
    $t = fn (string $name) => $signed["sign-$name"];
    $cbc = $t('session-cbc256');
    $gcm = $t('session-gcm256');
    $payload = rawurldecode($cbc);
    $e = envelope($cbc);
    $g = envelope($gcm);
    $s = 'laravel_session';
    $k = [KEY256];
    // A token of KEY256 and laravel_session whose payload holds '+' or '/' (PHP skips '-' and '_').
    $urlSafeable = null;
    // A token of KEY256 and laravel_session whose payload ends in '=' padding.
    $padded = null;
    foreach (['session-cbc256', 'session-gcm256', 'lowercase-cipher-name'] as $name) {
        if ($padded === null && str_ends_with(rawurldecode($t($name)), '=')) {
            $padded = rawurldecode($t($name));
        }
    }
    foreach (['session-cbc256', 'session-gcm256', 'lowercase-cipher-name'] as $name) {
        if ($urlSafeable === null && strpbrk(rawurldecode($t($name)), '+/') !== false) {
            $urlSafeable = rawurldecode($t($name));
        }
    }

    // GCM value made of digits: a JSON number PHP turns into text ("value": 1234567890123456).
    $digits = '1234567890123456';
    $gcmKey = key_bytes(KEY256);
    $iv = str_repeat("\x07", 12);
    $tag0 = '';
    $stream = openssl_encrypt(str_repeat("\0", 12), 'aes-256-gcm', $gcmKey, OPENSSL_RAW_DATA, $iv, $tag0);
    $plain = base64_decode($digits) ^ $stream;
    $tag = '';
    openssl_encrypt($plain, 'aes-256-gcm', $gcmKey, OPENSSL_RAW_DATA, $iv, $tag);
    $numericValue = ['iv' => b64($iv), 'value' => (int) $digits, 'mac' => '', 'tag' => b64($tag)];
    // GCM IV made of digits: "iv": 1234567812345678 (16 characters, 12 bytes).
    $ivDigits = '1234567812345678';
    $tag = '';
    $ct = openssl_encrypt('numeric iv', 'aes-256-gcm', $gcmKey, OPENSSL_RAW_DATA, base64_decode($ivDigits), $tag);
    $numericIv = ['iv' => (int) $ivDigits, 'value' => b64($ct), 'mac' => '', 'tag' => b64($tag)];
    // CBC with a valid MAC over a ciphertext whose padding is wrong.
    $raw = openssl_encrypt(str_repeat('x', 16), 'aes-256-cbc', key_bytes(KEY256), OPENSSL_RAW_DATA | OPENSSL_ZERO_PADDING,
                           str_repeat("\x01", 16));
    $badPadding = remac(['iv' => b64(str_repeat("\x01", 16)), 'value' => b64($raw), 'mac' => '', 'tag' => ''], KEY256);
    $partialBlock = remac(['iv' => $e['iv'], 'value' => b64(substr(base64_decode($e['value']), 0, 20)), 'mac' => '',
                           'tag' => ''], KEY256);

    $swap = function (array $env, array $changes) {
        foreach ($changes as $key => $value) {
            $env[$key] = $value;
        }
        return $env;
    };
    $without = function (array $env, string $key) {
        unset($env[$key]);
        return $env;
    };
    $dupMac = '{"iv":"' . $e['iv'] . '","value":"' . $e['value'] . '","mac":"' . str_repeat('0', 64) . '","mac":"' .
              $e['mac'] . '","tag":""}';
    $dupMacWrongLast = '{"iv":"' . $e['iv'] . '","value":"' . $e['value'] . '","mac":"' . $e['mac'] . '","mac":"' .
                       str_repeat('0', 64) . '","tag":""}';

    return [
        // Each sign vector read back, as written and in the forms a Cookie header may carry it.
        ['cbc256', $cbc, $k, $s, null, 'ok'],
        ['xsrf-token', $t('xsrf-token'), $k, 'XSRF-TOKEN', null, 'ok'],
        ['cbc128', $t('session-cbc128'), [KEY128], $s, null, 'ok'],
        ['gcm256', $gcm, $k, $s, null, 'ok'],
        ['gcm128', $t('session-gcm128'), [KEY128], $s, null, 'ok'],
        ['unicode-value', $t('unicode-value'), $k, 'prefs', null, 'ok'],
        ['empty-value', $t('empty-value'), $k, 'flag', null, 'ok'],
        ['encrypt-string', $t('encrypt-string-cbc'), $k, null, null, 'ok'],
        ['encrypt-string-gcm-empty', $t('encrypt-string-empty-gcm'), $k, null, null, 'ok'],
        ['weak-some-random-string', $t('weak-some-random-string'), ['SomeRandomString'], $s, null, 'ok'],
        ['weak-your-secret-key', $t('weak-your-secret-key'), ['YourSecretKey!!!'], $s, null, 'ok'],
        ['not-url-encoded', $payload, $k, $s, null, 'ok'],
        ['lowercase-escapes', str_replace(['%3D', '%2B', '%2F'], ['%3d', '%2b', '%2f'], $cbc), $k, $s, null, 'ok'],
        ['semicolon-tail', "$cbc; other=1", $k, $s, null, 'ok'],
        ['explicit-cbc-cipher', $cbc, $k, $s, 'AES-256-CBC', 'ok'],
        // Keys.
        ['wrong-key-cbc', $cbc, [KEY256_OTHER], $s, null, 'bad-signature'],
        ['wrong-key-gcm', $gcm, [KEY256_OTHER], $s, null, 'bad-signature'],
        ['wrong-key-size-cbc', $cbc, [KEY128], $s, null, 'bad-signature'],
        ['rotation-old-key', laravel_writes('rotation', KEY256_OLD, 'AES-256-CBC', $s, SESSION_ID),
         [KEY256, KEY256_OLD], $s, null, 'ok'],
        ['rotation-mixed-sizes', $t('session-gcm128'), [KEY256, KEY128], $s, null, 'ok'],
        ['rotation-none', $cbc, [KEY256_OLD, KEY256_OTHER], $s, null, 'bad-signature'],
        // The cookie's name is bound by the prefix.
        ['other-cookie-name', $cbc, $k, 'XSRF-TOKEN', null, 'bad-signature'],
        ['other-cookie-name-gcm', $gcm, $k, 'remember', null, 'bad-signature'],
        ['cookie-read-as-string', $cbc, $k, null, null, 'ok'],
        ['string-read-as-cookie', $t('encrypt-string-cbc'), $k, $s, null, 'bad-signature'],
        // Tampering (CBC: the MAC covers the IV and value texts; GCM: the tag the ciphertext).
        ['cbc-tampered-mac', payload_of($swap($e, ['mac' => flip_hex($e['mac'], 5)])), $k, $s, null, 'bad-signature'],
        ['cbc-uppercase-mac', payload_of($swap($e, ['mac' => strtoupper($e['mac'])])), $k, $s, null, 'bad-signature'],
        ['cbc-tampered-value', payload_of($swap($e, ['value' => flip($e['value'], 3)])), $k, $s, null, 'bad-signature'],
        ['cbc-tampered-iv', payload_of($swap($e, ['iv' => flip($e['iv'], 3)])), $k, $s, null, 'bad-signature'],
        ['gcm-tampered-value', payload_of($swap($g, ['value' => flip($g['value'], 3)])), $k, $s, null, 'bad-signature'],
        ['gcm-tampered-tag', payload_of($swap($g, ['tag' => flip($g['tag'], 3)])), $k, $s, null, 'bad-signature'],
        ['gcm-tampered-iv', payload_of($swap($g, ['iv' => flip($g['iv'], 3)])), $k, $s, null, 'bad-signature'],
        ['gcm-short-tag', payload_of($swap($g, ['tag' => b64(substr(base64_decode($g['tag']), 0, 12))])), $k, $s, null, 'malformed'],
        // What PHP accepts that Laravel never writes.
        ['outer-base64-unpadded', unpadded($padded), $k, $s, null, 'ok'],
        ['outer-base64-junk', substr($payload, 0, 10) . '.-_!' . substr($payload, 10), $k, $s, null, 'ok'],
        ['outer-base64url', strtr($urlSafeable, '+/', '-_'), $k, $s, null, 'malformed'],
        ['three-members-no-tag', payload_of($without($e, 'tag')), $k, $s, null, 'ok'],
        ['escaped-slashes', payload_of($e, 0), $k, $s, null, 'ok'],
        ['pretty-json', payload_of($e, JSON_PRETTY_PRINT), $k, $s, null, 'ok'],
        ['members-reordered', payload_of(['tag' => '', 'mac' => $e['mac'], 'value' => $e['value'], 'iv' => $e['iv']]), $k, $s, null, 'ok'],
        ['extra-member', payload_of($swap($e, ['extra' => [1, 2, ['x' => null]]])), $k, $s, null, 'ok'],
        ['duplicate-mac-last-wins', base64_encode($dupMac), $k, $s, null, 'ok'],
        ['duplicate-mac-wrong-last', base64_encode($dupMacWrongLast), $k, $s, null, 'bad-signature'],
        ['cbc-tag-zero', payload_of($swap($e, ['tag' => 0])), $k, $s, null, 'ok'],
        ['cbc-tag-zero-string', payload_of($swap($e, ['tag' => '0'])), $k, $s, null, 'ok'],
        ['cbc-tag-false', payload_of($swap($e, ['tag' => false])), $k, $s, null, 'ok'],
        ['cbc-tag-null', payload_of($swap($e, ['tag' => null])), $k, $s, null, 'ok'],
        ['cbc-tag-empty-object', base64_encode(str_replace('"tag":""', '"tag":{}', json_encode($e, JSON_UNESCAPED_SLASHES))), $k, $s, null, 'ok'],
        ['cbc-tag-zero-float', base64_encode(str_replace('"tag":""', '"tag":0.0', json_encode($e, JSON_UNESCAPED_SLASHES))), $k, $s, null, 'ok'],
        ['cbc-iv-with-whitespace', payload_of(remac($swap($e, ['iv' => substr($e['iv'], 0, 8) . " \n\t\r" . substr($e['iv'], 8)]), KEY256)), $k, $s, null, 'ok'],
        ['cbc-iv-unpadded', payload_of(remac($swap($e, ['iv' => unpadded($e['iv'])]), KEY256)), $k, $s, null, 'ok'],
        ['cbc-value-junk', payload_of(remac($swap($e, ['value' => '!' . $e['value'] . '-_']), KEY256)), $k, $s, null, 'ok'],
        ['gcm-iv-whitespace-without-key', payload_of($swap($g, ['iv' => " {$g['iv']}\n"])), $k, $s, null, 'ok'],
        ['gcm-value-junk-without-key', payload_of($swap($g, ['value' => '!' . $g['value'] . '!'])), $k, $s, null, 'ok'],
        ['gcm-tag-junk-without-key', payload_of($swap($g, ['tag' => '*' . $g['tag'] . '*'])), $k, $s, null, 'ok'],
        ['gcm-mac-anything', payload_of($swap($g, ['mac' => 'not a mac'])), $k, $s, null, 'ok'],
        ['gcm-mac-array', payload_of($swap($g, ['mac' => [1]])), $k, $s, null, 'ok'],
        ['gcm-numeric-iv', payload_of($numericIv), $k, null, null, 'ok'],
        ['gcm-numeric-value', payload_of($numericValue), $k, null, null, 'ok'],
        // What PHP refuses.
        ['not-base64-json', base64_encode('not json'), $k, $s, null, 'malformed'],
        ['json-array', base64_encode('[1,2,3]'), $k, $s, null, 'malformed'],
        ['json-string', base64_encode('"iv"'), $k, $s, null, 'malformed'],
        ['json-with-bom', base64_encode("\xef\xbb\xbf" . json_encode($e, JSON_UNESCAPED_SLASHES)), $k, $s, null, 'malformed'],
        ['missing-mac', payload_of($without($e, 'mac')), $k, $s, null, 'malformed'],
        ['missing-value', payload_of($without($e, 'value')), $k, $s, null, 'malformed'],
        ['missing-iv', payload_of($without($e, 'iv')), $k, $s, null, 'malformed'],
        ['gcm-mac-null', payload_of($swap($g, ['mac' => null])), $k, $s, null, 'malformed'],
        ['cbc-iv-twelve-bytes', payload_of(remac($swap($e, ['iv' => b64(str_repeat('i', 12))]), KEY256)), $k, $s, null, 'malformed'],
        ['cbc-iv-not-strict-base64', payload_of(remac($swap($e, ['iv' => '!' . $e['iv']]), KEY256)), $k, $s, null, 'malformed'],
        ['cbc-with-tag', payload_of($swap($e, ['tag' => b64(str_repeat('t', 16))])), $k, $s, null, 'malformed'],
        ['cbc-mac-number', payload_of($swap($e, ['mac' => 12345])), $k, $s, null, 'malformed'],
        ['cbc-iv-array', payload_of($swap($e, ['iv' => [$e['iv']]])), $k, $s, null, 'malformed'],
        ['cbc-bad-padding', payload_of($badPadding), $k, null, null, 'malformed'],
        ['cbc-partial-block', payload_of($partialBlock), $k, null, null, 'malformed'],
        ['gcm-token-cbc-app', $gcm, $k, $s, 'AES-256-CBC', 'malformed'],
        ['cbc-token-gcm-app', $cbc, $k, $s, 'AES-256-GCM', 'malformed'],
    ];
}

// The cases whose token is not exactly what Laravel 8.83 writes ("shape" "written"): "laravel" for
// the other shapes PHP's json_encode writes for Encrypter's array (no "tag" member, '\/'), which
// `knox token decode` claims too, "other" for what only PHP's leniency reads (or nothing reads).
const SHAPES = [
    'three-members-no-tag' => 'laravel', 'escaped-slashes' => 'laravel',
    'lowercase-escapes' => 'other', 'semicolon-tail' => 'other', 'gcm-short-tag' => 'other',
    'outer-base64-unpadded' => 'other', 'outer-base64-junk' => 'other', 'outer-base64url' => 'other',
    'pretty-json' => 'other', 'members-reordered' => 'other', 'extra-member' => 'other',
    'duplicate-mac-last-wins' => 'other', 'duplicate-mac-wrong-last' => 'other', 'cbc-uppercase-mac' => 'other',
    'cbc-tag-zero' => 'other', 'cbc-tag-zero-string' => 'other', 'cbc-tag-false' => 'other',
    'cbc-tag-null' => 'other', 'cbc-tag-empty-object' => 'other', 'cbc-tag-zero-float' => 'other',
    'cbc-iv-with-whitespace' => 'other', 'cbc-iv-unpadded' => 'other', 'cbc-value-junk' => 'other',
    'gcm-iv-whitespace-without-key' => 'other', 'gcm-value-junk-without-key' => 'other',
    'gcm-tag-junk-without-key' => 'other', 'gcm-mac-anything' => 'other', 'gcm-mac-array' => 'other',
    'gcm-numeric-iv' => 'other', 'gcm-numeric-value' => 'other', 'not-base64-json' => 'other',
    'json-array' => 'other', 'json-string' => 'other', 'json-with-bom' => 'other', 'missing-mac' => 'other',
    'missing-value' => 'other', 'missing-iv' => 'other', 'gcm-mac-null' => 'other',
    'cbc-iv-twelve-bytes' => 'other', 'cbc-iv-not-strict-base64' => 'other', 'cbc-with-tag' => 'other',
    'cbc-mac-number' => 'other', 'cbc-iv-array' => 'other', 'cbc-partial-block' => 'other',
];

function verify_vectors(array $signed): array
{
    $cases = verify_cases($signed);
    $unknown = array_diff(array_keys(SHAPES), array_column($cases, 0));
    if ($unknown) {
        throw new RuntimeException('SHAPES names no case: ' . implode(', ', $unknown));
    }
    $out = [];
    foreach ($cases as [$name, $token, $secrets, $cookie, $cipher, $outcome]) {
        [$ok, $value, $index, $said] = laravel_reads($secrets, $cookie, $token, $cipher);
        if ($ok !== ($outcome === 'ok')) {
            throw new RuntimeException("$name: Laravel " . ($ok ? 'accepts' : "refuses ($said)") . ", the case says $outcome");
        }
        $record = ['format' => 'laravel', 'name' => "verify-$name", 'op' => 'verify', 'secrets' => $secrets,
                   'cookie_name' => $cookie, 'cipher' => $cipher, 'token' => $token,
                   'shape' => SHAPES[$name] ?? 'written', 'outcome' => $outcome];
        if ($ok && mb_check_encoding($value, 'UTF-8')) {
            $record['value'] = $value;
            $record['key_index'] = $index;
        } elseif ($ok) {
            $record['value_hex'] = bin2hex($value);
            $record['key_index'] = $index;
        } else {
            $record['php'] = $said;
        }
        $out[] = $record;
    }
    return $out;
}

// ---- APP_KEY and PHP's base64 --------------------------------------------------------------------

const APP_KEYS = [
    KEY256, KEY128, 'SomeRandomString', 'YourSecretKey!!!', '0123456789abcdef0123456789abcdef',
    "base64:S25veCBsYXJhdmVsIHRlc3Q\nga2V5IDAxMjM0NTY3ODk", "base64:!c2l4dGVlbiBieXRlcyBrZQ==!!",
    'BASE64:c2l4dGVlbiBieXRlcyBrZQ==', 'base64:', '', 'seventeen bytes!!', 'base64:c2l4dGVlbiBieXRlcyBrZXkh',
];

function app_key_vectors(): array
{
    $out = [];
    foreach (APP_KEYS as $i => $appKey) {
        $record = ['format' => 'laravel', 'name' => "app-key-$i", 'op' => 'app-key', 'secret' => $appKey];
        try {
            $key = parse_key($appKey);
            $record['key_hex'] = bin2hex($key);
            $record['supported'] = \Illuminate\Encryption\Encrypter::supported($key, 'AES-128-CBC') ||
                \Illuminate\Encryption\Encrypter::supported($key, 'AES-256-CBC');
        } catch (\Throwable $e) {
            $record['key_hex'] = null;
            $record['supported'] = false;
            $record['php'] = get_class($e) . ': ' . $e->getMessage();
        }
        $out[] = $record;
    }
    return $out;
}

const BASE64_INPUTS = [
    'QUJD', 'QUJ', 'QU', 'Q', '', 'QUJD=', 'QU==', 'QU=', 'QU===', 'QU= =', 'QU==QUJD', "Q U\nJ\tD\r", "QU\x0bJD",
    "QU\x0cJD", 'QU!JD', 'Q-U_JD', "QUJD\x00", 'QR==', 'QW==', '=QUJD', 'QUJDRA', 'QUJDRA=', 'QUJDRA==', 'QUJDRA===',
    "Q\xc3\xa9UJD", '%3D', 'QUJD%3D', 'YWJj+/+/', 'YW=Jj',
];

function base64_vectors(): array
{
    $out = [];
    foreach (BASE64_INPUTS as $i => $input) {
        $strict = base64_decode($input, true);
        $out[] = ['format' => 'laravel', 'name' => "php-base64-$i", 'op' => 'php-base64', 'input_hex' => bin2hex($input),
                  'lenient_hex' => bin2hex(base64_decode($input)),
                  'strict_hex' => $strict === false ? null : bin2hex($strict)];
    }
    return $out;
}

function all_lines(): string
{
    $signs = sign_vectors();
    $signed = [];
    foreach ($signs as $record) {
        $signed[$record['name']] = $record['token'];
    }
    $records = array_merge($signs, verify_vectors($signed), app_key_vectors(), base64_vectors());
    return implode('', array_map('json_line', $records));
}

$args = array_slice($argv, 1);
if (($args[0] ?? '') === '--check') {
    $path = ($args[1] ?? '.') . '/laravel.jsonl';
    $fresh = all_lines();
    if (!is_file($path) || file_get_contents($path) !== $fresh) {
        fwrite(STDERR, "interop/vectors/laravel.jsonl is stale: php interop/php/gen_vectors.php interop/vectors\n");
        // An older package (./setup upgrades it) or a change of the generator.
        foreach (file(__DIR__ . '/../versions.txt', FILE_IGNORE_NEW_LINES) as $line) {
            if (str_starts_with($line, 'php-illuminate-')) {
                [$package, $minimum] = preg_split('/\s+/', $line);
                $have = trim((string) shell_exec('dpkg-query -W -f=\'${Version}\' ' . escapeshellarg($package) . ' 2>/dev/null'));
                fwrite(STDERR, "  $package: installed " . ($have ?: 'none') . ", vectors made with $minimum\n");
            }
        }
        exit(1);
    }
    printf("laravel.jsonl: %d vectors identical to what Laravel writes and reads today\n", substr_count($fresh, "\n"));
    exit(0);
}
if (count($args) !== 1) {
    fwrite(STDERR, "usage: php gen_vectors.php OUT_DIR | --check VECTOR_DIR\n");
    exit(2);
}
file_put_contents($args[0] . '/laravel.jsonl', all_lines());
