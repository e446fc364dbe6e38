// The pieces of the `laravel` format (laravel.cc) that tests, the interop helper and the CLI use
// on their own. Laravel 8.83's Illuminate\Encryption\Encrypter writes
//   base64_encode(json_encode(["iv" => B64(iv), "value" => B64(ciphertext), "mac" => HEX,
//                              "tag" => B64(tag)], JSON_UNESCAPED_SLASHES))
// with AES-128/256-CBC (mac = hash_hmac('sha256', iv_b64 . value_b64, key), tag "") or
// AES-128/256-GCM (mac "", tag the 16-byte GCM tag, empty AAD); the IV is 16 bytes for CBC and 12
// for GCM, from random_bytes. Illuminate\Cookie\Middleware\EncryptCookies encrypts each cookie's
// CookieValuePrefix::create(NAME, key) . VALUE without serialize(), and Symfony's Cookie writes
// the result rawurlencoded into Set-Cookie. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace knox::token::laravel {

enum class Cipher { kAes256Cbc, kAes128Cbc, kAes256Gcm, kAes128Gcm };

// The ciphers as Laravel's config/app.php spells them, the default (AES-256-CBC) first.
std::span<const std::string_view> CipherNames();
std::string_view CipherName(Cipher cipher);
// Encrypter::supported's cipher lookup (strtolower, so any case); kInvalidArgument otherwise.
Result<Cipher> ParseCipher(std::string_view name);
size_t KeySize(Cipher cipher);  // 16 or 32 bytes
size_t IvSize(Cipher cipher);   // openssl_cipher_iv_length: 16 (CBC) or 12 (GCM)
bool IsGcm(Cipher cipher);

// EncryptionServiceProvider::parseKey: APP_KEY exactly as written in .env — "base64:" followed by
// base64 (decoded with PHP's lenient base64_decode), anything else the key bytes themselves.
// kInvalidArgument for an empty APP_KEY (MissingAppKeyException) and for a key of any length but
// 16 or 32 bytes (no cipher accepts it: Encrypter's constructor throws).
Result<std::string> ParseAppKey(std::string_view app_key);

// CookieValuePrefix::create($name, $key): hash_hmac('sha1', $name . 'v2', $key) . '|', 41 bytes.
inline constexpr size_t kCookiePrefixSize = 41;
std::string CookiePrefix(std::string_view cookie_name, std::string_view key);

// Encrypter::encrypt($plaintext, false) with `iv` standing for random_bytes: the payload above.
// kInvalidArgument when the key or the IV does not have the cipher's size.
Result<std::string> Encrypt(Cipher cipher, std::string_view key, std::string_view iv,
                            std::string_view plaintext);

// What PHP 8.2 hands the application for a cookie value as it appears in the Cookie header: the
// text up to the first ';', each %XX (either case) decoded and everything else kept as it is
// (php_raw_url_decode: '+' stays '+', a '%' without two hex digits stays).
std::string PhpCookieValue(std::string_view token);

// rawurlencode($payload) of base64 text, as Symfony's Cookie writes the value into Set-Cookie:
// '+', '/' and '=' as %2B, %2F and %3D.
std::string CookieEscape(std::string_view payload);

}  // namespace knox::token::laravel
