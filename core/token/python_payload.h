// The payload layer of the Python token formats (itsdangerous serializers, Flask, Starlette,
// Django): JSON text re-serialised as the library writes it, the URL-safe base64 + optional zlib
// wrapping of itsdangerous's URLSafeSerializer and Django's signing.dumps, and json.loads of the
// payload bytes with the text decoding each library applies first.
//
// Errors: kMalformed where the library raises while loading (bad base64, zlib or JSON),
// kLimitExceeded past Limits (decompressed size, JSON depth).
#pragma once

#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/token/codec.h"
#include "core/token/json_style.h"

namespace knox::token {

// How the library turns payload bytes into the text json.loads sees.
enum class PyTextDecoding {
  kUtf8,       // payload.decode("utf-8") (itsdangerous, Flask)
  kLatin1,     // data.decode("latin-1") (Django's JSONSerializer: never fails, mojibake for UTF-8)
  kJsonBytes,  // json.loads(bytes) (Starlette): UTF-8 with an optional BOM
};

// json.dumps(json.loads(value), ...) for VALUE given as JSON text.
Result<std::string> ReserializeJson(std::string_view json_text, const PyJsonStyle& style,
                                    const Limits& limits);

// json.loads of payload bytes.
Result<Json> ParsePyJson(std::string_view payload, PyTextDecoding decoding, const Limits& limits);

// The form knox reports a verified serializer payload in: compact, UTF-8 (ensure_ascii=False).
std::string VerifiedJsonText(const Json& doc);

// ParsePyJson, then VerifiedJsonText.
Result<std::string> LoadPyJson(std::string_view payload, PyTextDecoding decoding,
                               const Limits& limits);

// out += "." + b64url(zlib(data)) when compressing shortens it by 2+ bytes (and `compress`),
// else b64url(data); unpadded.
void AppendUrlSafePayload(std::string_view data, bool compress, std::string& out);

// The inverse, as itsdangerous's URLSafeSerializerMixin.load_payload and Django's unsign_object
// do it: a leading "." means zlib; base64 is decoded leniently (padding added, characters outside
// the alphabet skipped) unless `strict`.
Result<std::string> DecodeUrlSafePayload(std::string_view payload, bool strict,
                                         const Limits& limits);

}  // namespace knox::token
