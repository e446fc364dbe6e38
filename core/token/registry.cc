#include "core/token/registry.h"

#include <array>
#include <string>

#include "core/token/codecs.h"

namespace knox::token {
namespace {

// DESIGN §7 order. Detection (DetectAndDecode) walks kDetectionOrder instead.
// Mutable only through RegisterCodec, at start-up.
std::vector<const Codec*>& Codecs() {
  static std::vector<const Codec*> codecs = {
      &ItsdangerousSignerCodec(),
      &ItsdangerousTimestampCodec(),
      &ItsdangerousUrlSafeCodec(),
      &ItsdangerousUrlSafeTimedCodec(),
      &ItsdangerousJsonCodec(),
      &FlaskCodec(),
      &StarletteCodec(),
      &DjangoCodec(),
      &DjangoSignerCodec(),
      &ExpressCodec(),
      &CookieSessionCodec(),
      &FernetCodec(),
      &JwtCodec(),
      &IronCodec(),
  };
  return codecs;
}

// Most specific first: formats with a distinctive prefix or structure before generic ones.
std::vector<const Codec*>& DetectionOrder() {
  static std::vector<const Codec*> order = {
      &IronCodec(),
      &FernetCodec(),
      &JwtCodec(),
      &ExpressCodec(),
      // Python formats: payload-bearing shapes before bare signers; Django's ':' shapes first,
      // Starlette (padded standard base64 of json.dumps) before the URL-safe itsdangerous family,
      // Flask (a JSON object in a URLSafeTimedSerializer token) before the generic serializers.
      &DjangoCodec(),
      &StarletteCodec(),
      &FlaskCodec(),
      &ItsdangerousUrlSafeTimedCodec(),
      &ItsdangerousUrlSafeCodec(),
      &ItsdangerousJsonCodec(),
      &DjangoSignerCodec(),
      &ItsdangerousTimestampCodec(),
      &ItsdangerousSignerCodec(),
      &CookieSessionCodec(),
  };
  return order;
}

}  // namespace

std::span<const Codec* const> AllCodecs() { return Codecs(); }

void RegisterCodec(const Codec* codec) {
  if (codec == nullptr) return;
  for (const Codec* c : Codecs()) {
    if (c->name() == codec->name()) return;
  }
  Codecs().push_back(codec);
  DetectionOrder().push_back(codec);
}

Result<const Codec*> FindCodec(std::string_view name) {
  for (const Codec* c : Codecs()) {
    if (c->name() == name) return c;
  }
  std::string known;
  for (const Codec* c : Codecs()) known += (known.empty() ? "" : ", ") + std::string(c->name());
  return Fail(ErrorCode::kInvalidArgument, "unknown format (known: " + known + ")");
}

Result<Decoded> DetectAndDecode(std::string_view token, const Limits& limits) {
  if (token.size() > limits.max_token_bytes) {
    return Fail(ErrorCode::kLimitExceeded, "token longer than the limit");
  }
  for (const Codec* c : DetectionOrder()) {
    if (auto decoded = c->Decode(token, limits)) return decoded;
  }
  return Fail(ErrorCode::kMalformed, "not a token of any known format");
}

}  // namespace knox::token
