#include "core/token/express.h"

#include <vector>

#include "core/base/base64.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/hmac.h"
#include "core/token/express_uri.h"

namespace knox::token {
namespace {

constexpr size_t kSha256Size = 32;
constexpr size_t kSignatureChars = Base64EncodedSize(kSha256Size, Base64Padding::kUnpadded);

bool IsCookieSpace(char c) { return c == ' ' || c == '\t'; }

// Unpadded standard base64 of a 32-byte MAC (43 characters) into `out`, without allocating.
void EncodeSignature(const unsigned char (&mac)[kSha256Size], char (&out)[kSignatureChars]) {
  Base64EncodeTo(std::string_view(reinterpret_cast<const char*>(mac), kSha256Size),
                 Base64Alphabet::kStandard, Base64Padding::kUnpadded, out);
}

class ExpressSigner final : public Signer {
 public:
  ExpressSigner(std::vector<crypto::HmacKey> keys, bool strict, Limits limits)
      : keys_(std::move(keys)), strict_(strict), limits_(limits) {}

  Result<Signed> Sign(std::string_view value) const override {
    if (value.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "value longer than the limit");
    }
    if (value.empty()) {
      // express-session reads an empty id as no cookie, so such a token could never verify.
      return Fail(ErrorCode::kInvalidArgument, "express: empty value (read as no session)");
    }
    // encodeURIComponent("s:" + value + "." + sig): "s:" is "s%3A"; base64 '+' and '/' escape.
    Signed out;
    out.token.reserve(4 + 3 * value.size() + 1 + 3 * kSignatureChars);
    out.token.append("s%3A");
    if (!AppendEncodeUriComponent(value, out.token)) {
      return Fail(ErrorCode::kInvalidArgument, "express: value is not well-formed UTF-8");
    }
    out.token.push_back('.');
    // The signature's base64 goes through a stack buffer; '+' and '/' widen to their escapes.
    unsigned char mac[kSha256Size];
    keys_.back().Sign(value, mac);
    char sig[kSignatureChars];
    EncodeSignature(mac, sig);
    for (char c : sig) {
      if (c == '+') {
        out.token.append("%2B", 3);
      } else if (c == '/') {
        out.token.append("%2F", 3);
      } else {
        out.token.push_back(c);
      }
    }
    return out;
  }

  Result<Verified> Verify(std::string_view token, std::string_view /*signature*/) const override {
    auto parts = ParseExpressToken(token, strict_, limits_);
    if (!parts) return std::unexpected(parts.error());
    if (parts->signature.size() == kSignatureChars) {
      for (size_t i = 0; i < keys_.size(); ++i) {
        unsigned char mac[kSha256Size];
        keys_[i].Sign(parts->value, mac);
        char expected[kSignatureChars];
        EncodeSignature(mac, expected);
        if (crypto::ConstantTimeEquals(std::string_view(expected, kSignatureChars),
                                       parts->signature)) {
          // express-session treats an empty id like a missing cookie.
          if (parts->value.empty()) return Fail(ErrorCode::kMalformed, "express: empty id");
          Verified v;
          v.value = std::move(parts->value);
          v.key_index = i;
          return v;
        }
      }
    }
    return Fail(ErrorCode::kBadSignature, "express: signature does not match any secret");
  }

 private:
  std::vector<crypto::HmacKey> keys_;
  bool strict_;
  Limits limits_;
};

constexpr std::string_view kExpressAliases[] = {"express-session", "cookie-signature"};

constexpr FormatTraits kExpressTraits{
    .name = "express",
    .aliases = kExpressAliases,
    .summary = "express-session / cookie-signature s:<id>.<HMAC-SHA256> cookie values",
    .defaults = "HMAC-SHA256 with the secret as key; the value is percent-encoded as sent",
    .options = {Opt::kStrict},
    .payload = PayloadKind::kOpaqueValue,
    .hashcat_mode = 1450,
};

class ExpressCodecImpl final : public Codec {
 public:
  const FormatTraits& traits() const override { return kExpressTraits; }

  // cookie-signature: HMAC-SHA256(secret, id), standard base64 without padding.
  std::optional<MacPlan> PlanMac(const Options& options, std::string_view token,
                                 std::string_view) const override {
    if (options.digest && *options.digest != crypto::Digest::kSha256) return std::nullopt;
    auto parts = ParseExpressToken(token, options.strict, options.limits);
    if (!parts || parts->value.empty()) return std::nullopt;
    auto mac = CanonicalMac(parts->signature, Base64Alphabet::kStandard, kSha256Size);
    if (!mac) return std::nullopt;
    return MacPlan{.digest = crypto::Digest::kSha256,
                   .key_rule = KeyRule::kRaw,
                   .message = std::move(parts->value),
                   .mac = std::move(*mac)};
  }

  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    if (options.secrets.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "express: at least one secret is required");
    }
    if (options.digest && *options.digest != crypto::Digest::kSha256) {
      return Fail(ErrorCode::kInvalidArgument, "express: cookie-signature uses sha256 only");
    }
    std::vector<crypto::HmacKey> keys;
    keys.reserve(options.secrets.size());
    for (const auto& s : options.secrets) keys.emplace_back(crypto::Digest::kSha256, s.reveal());
    return std::make_unique<ExpressSigner>(std::move(keys), options.strict, options.limits);
  }

  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    auto parts = ParseExpressToken(token, /*strict=*/false, limits);
    if (!parts) return std::unexpected(parts.error());
    if (!parts->has_dot) return Fail(ErrorCode::kMalformed, "express: no signature separator");
    Decoded d;
    d.format = "express";
    d.payload = std::move(parts->value);
    d.signature = std::move(parts->signature);
    d.notes = "session id; HMAC-SHA256";
    return d;
  }
};

}  // namespace

Result<ExpressParts> ParseExpressToken(std::string_view token, bool strict, const Limits& limits) {
  if (token.size() > limits.max_token_bytes) {
    return Fail(ErrorCode::kLimitExceeded, "express: token longer than the limit");
  }
  // cookie.parse of "NAME=" + token: the value ends at ';', is trimmed of SP/HTAB, and loses one
  // pair of surrounding double quotes.
  std::string_view raw = token.substr(0, token.find(';'));
  while (!raw.empty() && IsCookieSpace(raw.front())) raw.remove_prefix(1);
  while (!raw.empty() && IsCookieSpace(raw.back())) raw.remove_suffix(1);
  if (!raw.empty() && raw.front() == '"' && raw.back() == '"') {
    raw = raw.size() >= 2 ? raw.substr(1, raw.size() - 2) : std::string_view();
  }
  std::string text;
  if (raw.find('%') != std::string_view::npos) {
    auto decoded = DecodeUriComponent(raw);
    text = decoded ? std::move(*decoded) : Latin1ToUtf8(raw);
  } else {
    text = Latin1ToUtf8(raw);
  }
  if (text.size() < 2 || text[0] != 's' || text[1] != ':') {
    return Fail(ErrorCode::kMalformed, "express: not an s:-signed value");
  }
  std::string_view val = std::string_view(text).substr(2);
  const size_t dot = val.rfind('.');
  ExpressParts parts;
  parts.has_dot = dot != std::string_view::npos;
  if (parts.has_dot) {
    parts.value = std::string(val.substr(0, dot));
    parts.signature = std::string(val.substr(dot + 1));
  } else {
    parts.value = std::string(val);
  }
  if (strict) {
    std::string canonical = "s%3A";
    bool ok = parts.has_dot && AppendEncodeUriComponent(parts.value, canonical);
    canonical.push_back('.');
    ok = ok && AppendEncodeUriComponent(parts.signature, canonical);
    if (!ok || canonical != token) {
      return Fail(ErrorCode::kMalformed, "express: not the encoding express-session writes");
    }
  }
  return parts;
}

const Codec& ExpressCodec() {
  static const ExpressCodecImpl codec;
  return codec;
}

}  // namespace knox::token
