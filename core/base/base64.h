// Base64 (RFC 4648 §4 standard and §5 URL-safe alphabets), padded or unpadded.
//
// Encoders are total. Decoders come in two strengths:
//  - Base64DecodeStrict accepts only the canonical encoding: the exact alphabet, padding exactly as
//    requested, and zero trailing bits. knox's --strict mode and its own formats use it.
//  - Base64DecodePython reproduces CPython 3.11's binascii.a2b_base64 in its default (non-strict)
//    mode, which is what base64.b64decode / urlsafe_b64decode do: characters outside the alphabet
//    are skipped, decoding stops at the first complete pad sequence, and trailing bits are dropped.
//    Frameworks built on it (itsdangerous, Django, Starlette, Fernet) inherit these leniencies; see
//    docs/formats.md.
//  - Base64DecodeNode reproduces Node's Buffer.from(text, "base64"), the lenient decoder under
//    cookie-session and @hapi/iron.
//  - Base64DecodePhp / Base64DecodePhpStrict reproduce PHP 8.2's base64_decode($s) and
//    base64_decode($s, true), under Laravel's Encrypter (and openssl_decrypt's own decoding).
//  - Base64DecodeRuby and Base64DecodeGo reproduce Ruby's unpack("m") (Rack) and Go's
//    encoding/base64 (gorilla/securecookie).
// All functions work on bytes (std::string_view) and never allocate more than the output; the
// *To variants write into the caller's buffer and allocate nothing (the hot paths of token signing
// and verification). This is knox's only base64 code: formats call it rather than keep tables.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace knox {

enum class Base64Alphabet { kStandard, kUrl };
enum class Base64Padding { kPadded, kUnpadded };

std::string Base64Encode(std::string_view bytes, Base64Alphabet alphabet, Base64Padding padding);

// Appends the encoding of `bytes` to `out` (the hot path of token signing: no temporary string).
void Base64EncodeAppend(std::string_view bytes, Base64Alphabet alphabet, Base64Padding padding,
                        std::string& out);

// Size of the encoding of n bytes.
constexpr size_t Base64EncodedSize(size_t n, Base64Padding padding) {
  return padding == Base64Padding::kPadded ? (n + 2) / 3 * 4 : (n * 4 + 2) / 3;
}

// Writes the encoding of `bytes` to the start of `out` and returns its size. `out` must hold at
// least Base64EncodedSize(bytes.size(), padding) characters.
size_t Base64EncodeTo(std::string_view bytes, Base64Alphabet alphabet, Base64Padding padding,
                      std::span<char> out);

// Canonical decoding only (see above). kMalformed on anything else.
Result<std::string> Base64DecodeStrict(std::string_view text, Base64Alphabet alphabet,
                                       Base64Padding padding);

// Base64DecodeStrict into the start of `out`; returns the number of bytes written.
// kLimitExceeded when the decoded bytes would not fit in `out`.
Result<size_t> Base64DecodeStrictTo(std::string_view text, Base64Alphabet alphabet,
                                    Base64Padding padding, std::span<unsigned char> out);

// Python's non-strict a2b_base64 over the standard alphabet. With `url_safe`, '-' and '_' are first
// mapped to '+' and '/', as urlsafe_b64decode does ('+' and '/' stay valid). kMalformed where
// Python raises binascii.Error ("Incorrect padding", "number of data characters cannot be 1 more
// than a multiple of 4").
Result<std::string> Base64DecodePython(std::string_view text, bool url_safe);

// The decoder that itsdangerous (base64_decode) and Django (b64_decode) put in front of
// urlsafe_b64decode: append "=" * (-len % 4), then decode as above. With `drop_non_ascii`, bytes
// >= 0x80 are removed first (itsdangerous's want_bytes(..., "ascii", errors="ignore")).
Result<std::string> Base64DecodeUrlPadFixed(std::string_view text, bool drop_non_ascii);

// Node's Buffer.from(text, "base64"): both alphabets at once ('+' and '-' are 62, '/'
// and '_' are 63), other characters skipped, decoding stops at the first '=', and a final partial
// byte is dropped. Total: Node never fails here.
std::string Base64DecodeNode(std::string_view text);

// Ruby's String#unpack("m") (pack.c, the non-strict "m" directive, Ruby 3.1), the decoder under
// Rack::Session::Cookie's Base64 coders: standard alphabet only ('-' and '_' are skipped like any
// other foreign character), '=' ends decoding where a third or fourth character of a group is
// expected (elsewhere it is skipped), a final group of two or three characters gives one or two
// bytes, leftover bits are dropped. Total: Ruby never fails here.
std::string Base64DecodeRuby(std::string_view text);

// PHP 8.2's base64_decode($text) (ext/standard/base64.c, non-strict), which openssl_decrypt also
// applies to its input: every character outside the standard alphabet is skipped, '=' included
// (so data after padding is still decoded), and a final partial group gives the whole bytes it
// holds (one character alone gives nothing). Total: PHP never fails here.
std::string Base64DecodePhp(std::string_view text);

// PHP 8.2's base64_decode($text, true): tab, LF, CR and space are skipped; any other character
// outside the standard alphabet, or a data character after '=', is kMalformed; so is a last group
// of one character, or padding that is longer than two or does not complete the last group.
// Missing padding is fine and trailing bits are ignored (not canonical).
Result<std::string> Base64DecodePhpStrict(std::string_view text);

// Go's encoding/base64 Decode with a padded encoding (StdEncoding, URLEncoding; Go 1.19), the
// decoder under gorilla/securecookie: '\r' and '\n' are skipped wherever they appear, padding is
// required ("=" or "==" completing the last group, nothing after it), and the unused bits of the
// last group are ignored (not Strict()). kMalformed where Go returns a CorruptInputError.
Result<std::string> Base64DecodeGo(std::string_view text, Base64Alphabet alphabet);

}  // namespace knox
