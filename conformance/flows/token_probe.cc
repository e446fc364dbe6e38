#include "conformance/flows/token_probe.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <nlohmann/json.hpp>

#include "conformance/flows/sensitive_fields.h"
#include "core/base/base64.h"
#include "core/crypto/random.h"
#include "core/token/express_uri.h"
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
    // An empty NAME.sig has no MAC to flip (the "variant" would be the cookies as sent);
    // dropping it is the "unsigned" variant.
    if (!view.signature_cookie->empty()) {
      out.push_back({"mac-bit-flip",
                     Replace(cookies, view.name + ".sig", FlipChar(*view.signature_cookie, 0))});
    }
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
        // header.payload. with the header unchanged: a server that decodes without verifying.
        const size_t last_dot = view.value.rfind('.');
        out.push_back({"signature-stripped",
                       Replace(cookies, view.name, view.value.substr(0, last_dot + 1))});
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
  // A payload that already carries knox_probe=1 gets 2, so that the variant always differs.
  auto probe = json.find("knox_probe");
  json["knox_probe"] = probe != json.end() && *probe == 1 ? 2 : 1;
  const std::string modified =
      Base64Encode(json.dump(), Base64Alphabet::kStandard, Base64Padding::kPadded);
  out.push_back({"modified-payload", Replace(cookies, view.name, modified)});
}

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

namespace {

// An opaque value this long, in an id alphabet, is taken for a random session id (a 64-bit id in
// hex is 16 characters); shorter or structured values are data.
constexpr size_t kMinIdChars = 16;

bool IsIdShaped(std::string_view text) {
  if (text.size() < kMinIdChars) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("-_.~+/=", c) != nullptr;
  });
}

std::optional<checks::SessionKind> StructuredShape(std::string_view value) {
  const std::string text = token::DecodeUriComponent(value).value_or(std::string(value));
  // Laravel: base64 of {"iv":..,"value":..,"mac":..} (AES-CBC + HMAC, or "tag" for GCM).
  if (auto raw = Base64DecodePython(text, /*url_safe=*/false); raw && raw->size() >= 32) {
    auto doc = nlohmann::json::parse(*raw, nullptr, false);
    if (doc.is_object() && doc.contains("iv") && doc.contains("value")) {
      return SessionKind::kEncryptedPayload;
    }
  }
  // Rails / Rack: base64 parts joined by "--": DATA--IV--TAG (AES-GCM, Rails 5.2+) is encrypted;
  // DATA--HEXMAC (MessageVerifier, Rack::Session::Cookie) is signed data.
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t at = text.find("--", start);
    parts.push_back(std::string_view(text).substr(start, at - start));
    if (at == std::string::npos) break;
    start = at + 2;
  }
  const auto is_base64 = [](std::string_view p) {
    return !p.empty() && Base64DecodePython(p, /*url_safe=*/false).has_value() &&
           p.find_first_not_of(
               "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") ==
               std::string_view::npos;
  };
  const auto is_hex_mac = [](std::string_view p) {
    return (p.size() == 40 || p.size() == 64 || p.size() == 128) &&
           p.find_first_not_of("0123456789abcdef") == std::string_view::npos;
  };
  if (parts.size() == 3 && std::all_of(parts.begin(), parts.end(), is_base64)) {
    return SessionKind::kEncryptedPayload;
  }
  if (parts.size() == 2 && is_base64(parts[0]) && is_hex_mac(parts[1])) {
    return SessionKind::kSignedPayload;
  }
  return std::nullopt;
}

// A value no codec decodes: ciphertext or signed data in a known shape, else an opaque id.
void ClassifyUndecoded(TokenView& view) {
  if (auto kind = StructuredShape(view.value)) {
    view.kind = *kind;
    view.signed_value = true;
    return;
  }
  view.kind = SessionKind::kServerId;
  view.signed_value = false;
  view.random_part = view.value;
}

}  // namespace

TokenView InspectToken(std::string_view name, std::string_view value, const CookiePairs& cookies) {
  TokenView view{.name = std::string(name), .value = std::string(value)};
  auto decoded = token::DetectAndDecode(value);
  if (!decoded) {
    ClassifyUndecoded(view);
    return view;
  }
  auto codec = token::FindCodec(decoded->format);
  if (!codec) {  // every decoded format is registered; treat the impossible as undecoded
    ClassifyUndecoded(view);
    return view;
  }
  const token::FormatTraits& traits = (*codec)->traits();
  view.format = decoded->format;
  view.codec = *codec;
  view.decoded = *decoded;
  view.signed_value = true;
  if (IsEncryptedFormat(*decoded, traits)) {
    view.kind = SessionKind::kEncryptedPayload;
  } else if (traits.payload == token::PayloadKind::kClaims) {
    view.kind = SessionKind::kJwt;
  } else if (traits.companion_signature && !ValueOf(cookies, std::string(name) + ".sig") &&
             StructuredShape(value)) {
    // Base64 JSON without a .sig companion that has a framework's ciphertext shape (Laravel's
    // {"iv","value","mac"}): not an unsigned cookie-session value.
    TokenView shaped{.name = view.name, .value = view.value};
    ClassifyUndecoded(shaped);
    return shaped;
  } else if (traits.companion_signature) {
    view.signature_cookie = ValueOf(cookies, std::string(name) + ".sig");
    view.unsigned_candidate = !view.signature_cookie.has_value();
    view.signed_value = !view.unsigned_candidate;
    view.kind =
        view.unsigned_candidate ? SessionKind::kUnsignedPayload : SessionKind::kSignedPayload;
    if (view.unsigned_candidate) view.format.reset();
  } else if (traits.payload == token::PayloadKind::kOpaqueValue && IsIdShaped(decoded->payload)) {
    // A random id inside a signature (express-session's s:<id>.<mac>): the session lives on the
    // server; the signature only protects the id (its secret still matters).
    view.kind = SessionKind::kServerId;
    view.random_part = decoded->payload;
  } else {
    view.kind = SessionKind::kSignedPayload;
  }
  return view;
}

std::vector<TamperVariant> TamperVariants(const TokenView& view, const CookiePairs& cookies) {
  std::vector<TamperVariant> out;
  if (view.unsigned_candidate) {
    AddUnsignedVariants(view, cookies, out);
  } else if (view.decoded && view.kind != SessionKind::kEncryptedPayload) {
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
  if (!view.decoded || view.kind == SessionKind::kEncryptedPayload || !view.decoded->is_json)
    return fields;
  auto json = nlohmann::json::parse(view.decoded->payload, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return fields;
  for (const auto& [key, v] : json.items()) fields.push_back(key);
  std::sort(fields.begin(), fields.end());
  return fields;
}

std::vector<std::string> SensitiveFields(const TokenView& view,
                                         const std::vector<std::string>& among) {
  std::vector<std::string> out;
  if (!view.decoded || view.kind == SessionKind::kEncryptedPayload || !view.decoded->is_json) {
    return out;
  }
  auto json = nlohmann::json::parse(view.decoded->payload, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return out;
  for (const SensitiveField& f : FindSensitiveFields(json)) {
    if (std::find(among.begin(), among.end(), f.name) != among.end()) out.push_back(f.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace knox::flows
