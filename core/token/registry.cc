#include "core/token/registry.h"

#include <array>
#include <string>

#include "core/token/codecs.h"

namespace knox::token {
namespace {

// One line per format, most specific first, because DetectAndDecode takes the first codec that
// decodes a token: formats with a distinctive prefix or structure (iron, fernet, jwt, express,
// gorilla — canonical base64url of "DATE|VALUE|MAC" —, then the Ruby family: Rails's encrypted jar,
// its signed jar — claimed by the _rails envelope — and rack, whose DATA--HEX shape an
// envelope-less Rails cookie shares; then Laravel's base64 JSON {"iv","value","mac","tag"}, which
// cookie-session's plain base64 JSON would also take) before the Python family; within it,
// Django's ':' shapes first, Starlette (padded standard base64 of json.dumps) before the URL-safe
// itsdangerous family, Flask (a JSON object in a URLSafeTimedSerializer token) before the generic
// serializers, payload-bearing shapes before bare signers; then cookie-session (plain base64 JSON)
// and knox-sealed.
const std::array<const Codec*, 20> kCodecs = {
    &IronCodec(),
    &FernetCodec(),
    &JwtCodec(),
    &ExpressCodec(),
    &GorillaCodec(),
    &RailsEncryptedCodec(),
    &RailsSignedCodec(),
    &RackCodec(),
    &LaravelCodec(),
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
    &KnoxSealedCodec(),
};

bool Names(const Codec& c, std::string_view name) {
  if (c.name() == name) return true;
  for (std::string_view alias : c.traits().aliases) {
    if (alias == name) return true;
  }
  return false;
}

}  // namespace

std::span<const Codec* const> AllCodecs() { return kCodecs; }

Result<const Codec*> FindCodec(std::string_view name) {
  for (const Codec* c : kCodecs) {
    if (Names(*c, name)) return c;
  }
  std::string known;
  for (const Codec* c : kCodecs) known += (known.empty() ? "" : ", ") + std::string(c->name());
  return Fail(ErrorCode::kInvalidArgument, "unknown format (known: " + known + ")");
}

Result<Decoded> DetectAndDecode(std::string_view token, const Limits& limits) {
  if (token.size() > limits.max_token_bytes) {
    return Fail(ErrorCode::kLimitExceeded, "token longer than the limit");
  }
  for (const Codec* c : kCodecs) {
    if (auto decoded = c->Decode(token, limits)) return decoded;
  }
  return Fail(ErrorCode::kMalformed, "not a token of any known format");
}

}  // namespace knox::token
