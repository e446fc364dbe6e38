#include "conformance/flows/token_probe.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/base/base64.h"
#include "core/crypto/random.h"
#include "core/token/registry.h"

namespace knox::flows {
namespace {

using checks::SessionKind;

bool IsEncryptedFormat(const token::Decoded& d, const token::FormatTraits& traits) {
  return d.encrypted || traits.payload == token::PayloadKind::kEncrypted;
}

// The same payload signed with a random key, in the same format: well-formed, wrong MAC.
std::optional<token::Signed> ResignWithRandomKey(const TokenView& view) {
  auto codec = token::FindCodec(*view.format);
  if (!codec) return std::nullopt;
  auto key = crypto::RandomBytes(32);
  if (!key) return std::nullopt;
  token::Options options;
  options.secrets.emplace_back((*codec)->KeyFromRandomBytes(*key));
  options.cookie_name = view.name;
  options.timestamped = view.decoded->timestamp.has_value();
  auto signer = (*codec)->NewSigner(options);
  if (!signer) return std::nullopt;
  auto signed_token = (*signer)->Sign(view.decoded->payload);
  if (!signed_token) return std::nullopt;
  return *signed_token;
}

std::string AlgNone(std::string_view jwt) {
  const size_t first = jwt.find('.');
  const size_t second = jwt.find('.', first + 1);
  const std::string header =
      Base64Encode(R"({"alg":"none","typ":"JWT"})", Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  return header + std::string(jwt.substr(first, second - first)) + ".";
}

void AddSignedVariants(const TokenView& view, const CookiePairs& cookies,
                       std::vector<TamperVariant>& out) {
  const token::Decoded& d = *view.decoded;
  if (view.signature_cookie) {
    out.push_back({"mac-bit-flip",
                   Replace(cookies, view.name + ".sig", FlipChar(*view.signature_cookie, 0))});
    out.push_back({"unsigned", Without(cookies, view.name + ".sig")});
  } else if (!d.signature.empty()) {
    // The MAC as sent may be percent-encoded (express): then it starts after the last separator.
    size_t at = view.value.rfind(d.signature);
    if (at == std::string::npos) {
      const size_t sep = view.value.find_last_of(".:");
      at = sep == std::string::npos ? sep : sep + 1;
    }
    if (at != std::string::npos && at < view.value.size()) {
      out.push_back({"mac-bit-flip", Replace(cookies, view.name, FlipChar(view.value, at))});
      const token::PayloadKind payload = view.codec->traits().payload;
      if (payload == token::PayloadKind::kClaims) {
        out.push_back({"alg-none", Replace(cookies, view.name, AlgNone(view.value))});
      } else if (payload == token::PayloadKind::kOpaqueValue) {
        // The value alone, as the cookie would carry it unsigned (express: the bare id).
        out.push_back({"unsigned", Replace(cookies, view.name, d.payload)});
      } else if (at > 1) {
        out.push_back({"unsigned", Replace(cookies, view.name, view.value.substr(0, at - 1))});
      }
    }
  }
  if (auto resigned = ResignWithRandomKey(view)) {
    CookiePairs c = Replace(cookies, view.name, resigned->token);
    if (view.signature_cookie) c = Replace(c, view.name + ".sig", resigned->signature);
    out.push_back({"wrong-key-resign", std::move(c)});
  }
}

void AddUnsignedVariants(const TokenView& view, const CookiePairs& cookies,
                         std::vector<TamperVariant>& out) {
  auto json = nlohmann::json::parse(view.decoded->payload, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return;
  json["knox_probe"] = 1;
  const std::string modified =
      Base64Encode(json.dump(), Base64Alphabet::kStandard, Base64Padding::kPadded);
  out.push_back({"modified-payload", Replace(cookies, view.name, modified)});
}

constexpr std::string_view kSensitive[] = {
    "role",   "admin", "staff",   "superuser", "perm",   "group", "scope", "privilege",
    "email",  "mail",  "phone",   "user_id",   "userid", "uid",   "_id",   "password",
    "passwd", "pwd",   "hash",    "token",     "secret", "key",   "ssn",   "credit",
    "card",   "iban",  "address", "birth",     "dob"};

}  // namespace

std::string FlipChar(std::string_view text, size_t index) {
  std::string out(text);
  if (index >= out.size()) return out;
  char& c = out[index];
  const auto u = static_cast<unsigned char>(c);
  if (std::isdigit(u)) {
    c = c == '0' ? '1' : '0';
  } else if (std::islower(u)) {
    c = c == 'a' ? 'b' : 'a';
  } else if (std::isupper(u)) {
    c = c == 'A' ? 'B' : 'A';
  } else {
    c = 'A';
  }
  return out;
}

TokenView InspectToken(std::string_view name, std::string_view value, const CookiePairs& cookies) {
  TokenView view{.name = std::string(name), .value = std::string(value)};
  auto decoded = token::DetectAndDecode(value);
  if (!decoded) {
    view.random_part = view.value;
    return view;
  }
  auto codec = token::FindCodec(decoded->format);
  if (!codec) {  // every decoded format is registered; treat the impossible as an opaque id
    view.random_part = view.value;
    return view;
  }
  const token::FormatTraits& traits = (*codec)->traits();
  view.format = decoded->format;
  view.codec = *codec;
  view.decoded = *decoded;
  if (IsEncryptedFormat(*decoded, traits)) {
    view.kind = SessionKind::kEncrypted;
  } else if (traits.payload == token::PayloadKind::kClaims) {
    view.kind = SessionKind::kJwt;
  } else if (traits.companion_signature) {
    view.signature_cookie = ValueOf(cookies, std::string(name) + ".sig");
    view.unsigned_candidate = !view.signature_cookie.has_value();
    view.kind = view.unsigned_candidate ? SessionKind::kUnsigned : SessionKind::kSigned;
    if (view.unsigned_candidate) view.format.reset();
  } else {
    view.kind = SessionKind::kSigned;
  }
  // A signed opaque value (express-session's s:<id>.<mac>) carries the server-side id.
  if (traits.payload == token::PayloadKind::kOpaqueValue) view.random_part = decoded->payload;
  return view;
}

std::vector<TamperVariant> TamperVariants(const TokenView& view, const CookiePairs& cookies) {
  std::vector<TamperVariant> out;
  if (view.unsigned_candidate) {
    AddUnsignedVariants(view, cookies, out);
  } else if (view.decoded && view.kind != SessionKind::kEncrypted) {
    AddSignedVariants(view, cookies, out);
  } else if (!view.value.empty()) {
    // Opaque id or ciphertext: one changed character in the middle.
    out.push_back(
        {"id-char-flip", Replace(cookies, view.name, FlipChar(view.value, view.value.size() / 2))});
  }
  return out;
}

std::vector<std::string> ReadableFields(const TokenView& view) {
  std::vector<std::string> fields;
  if (!view.decoded || view.kind == SessionKind::kEncrypted || !view.decoded->is_json)
    return fields;
  auto json = nlohmann::json::parse(view.decoded->payload, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return fields;
  for (const auto& [key, v] : json.items()) fields.push_back(key);
  std::sort(fields.begin(), fields.end());
  return fields;
}

std::vector<std::string> SensitiveFields(const std::vector<std::string>& fields) {
  std::vector<std::string> out;
  for (const std::string& field : fields) {
    std::string lower;
    for (char c : field) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool hit = std::any_of(std::begin(kSensitive), std::end(kSensitive),
                                 [&](std::string_view k) { return lower.find(k) != lower.npos; });
    if (hit) out.push_back(field);
  }
  return out;
}

}  // namespace knox::flows
