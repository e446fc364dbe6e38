// itsdangerous 2.1 serializers as token formats: Serializer / TimedSerializer (the JSON text is
// signed as is) and URLSafeSerializer / URLSafeTimedSerializer (compact JSON, zlib when it saves
// 2+ bytes with a "." marker, unpadded base64url), plus the per-format hooks Flask needs.
//
// Verify follows Serializer.loads / TimedSerializer.loads: the signer's outcome first (see
// itsdangerous_signer_core.h), then load_payload, whose failures (BadPayload) are kMalformed. The
// verified value is the payload as compact UTF-8 JSON (VerifiedJsonText).
#pragma once

#include <memory>
#include <string_view>

#include "core/token/codec.h"
#include "core/token/itsdangerous_signer_core.h"
#include "core/token/json_style.h"

namespace knox::token {

struct SerializerFlavor {
  const FormatTraits* traits = nullptr;  // name, summary, options (format_traits.h)
  ItsDefaults defaults;
  bool url_safe = true;
  // nullopt: Options::timestamped decides (itsdangerous-json).
  std::optional<bool> timed;
  PyJsonStyle style;
  // Flask's TaggedJSONSerializer: tag on dumps, and the load-time failures of its untagging.
  Result<Json> (*prepare_for_dump)(Json doc) = nullptr;
  Result<void> (*check_loaded)(const Json& doc) = nullptr;
  // What the application gets from the loaded document (Flask: SecureCookieSession(data), i.e.
  // dict(data)); its failures are the application's, reported as kMalformed.
  Result<Json> (*session_view)(Json doc) = nullptr;
  // Decode only claims payloads that are JSON objects (a session dict).
  bool decode_needs_object = false;
};

Result<std::unique_ptr<Signer>> NewSerializerSigner(const SerializerFlavor& flavor,
                                                    const Options& options);
Result<Decoded> DecodeSerializerToken(const SerializerFlavor& flavor, std::string_view token,
                                      const Limits& limits);

}  // namespace knox::token
