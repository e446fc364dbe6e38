#include "conformance/analysis/mac_plan.h"

#include <array>
#include <string_view>

#include "core/base/base64.h"
#include "core/crypto/hmac.h"
#include "core/token/express.h"
#include "core/token/itsdangerous_signer_core.h"

namespace knox::analysis {
namespace {

using crypto::Digest;

struct ItsFormat {
  std::string_view name;
  token::ItsDefaults defaults;
};

// The ItsDefaults each itsdangerous-based codec passes to ItsSignerCore (core/token).
constexpr std::array<ItsFormat, 7> kItsFormats = {{
    {"itsdangerous-signer", {}},
    {"itsdangerous-timestamp", {}},
    {"starlette", {}},
    {"itsdangerous", {.salt = "itsdangerous"}},
    {"itsdangerous-timed", {.salt = "itsdangerous"}},
    {"itsdangerous-json", {.salt = "itsdangerous"}},
    {"flask",
     {.salt = "cookie-session",
      .digest = Digest::kSha1,
      .key_derivation = token::KeyDerivation::kHmac}},
}};

bool FastDigest(Digest d) { return d == Digest::kSha1 || d == Digest::kSha256; }

// The MAC bytes of canonical base64 text of exactly `size` bytes; nullopt otherwise.
std::optional<std::string> CanonicalMac(std::string_view text, Base64Alphabet alphabet,
                                        size_t size) {
  auto bytes = Base64DecodeStrict(text, alphabet, Base64Padding::kUnpadded);
  if (!bytes || bytes->size() != size) return std::nullopt;
  return std::move(*bytes);
}

// VALUE SEP SIG with SIG the unpadded base64url MAC of VALUE (itsdangerous, django, jwt).
std::optional<MacPlan> SplitAtLast(std::string_view token, std::string_view sep, Digest digest,
                                   KeyRule rule, std::string salt) {
  size_t pos = token.rfind(sep);
  if (sep.empty() || pos == std::string_view::npos) return std::nullopt;
  auto mac = CanonicalMac(token.substr(pos + sep.size()), Base64Alphabet::kUrl,
                          crypto::DigestSize(digest));
  if (!mac) return std::nullopt;
  return MacPlan{.digest = digest,
                 .key_rule = rule,
                 .salt = std::move(salt),
                 .message = std::string(token.substr(0, pos)),
                 .mac = std::move(*mac)};
}

std::optional<MacPlan> PlanItsdangerous(const ItsFormat& f, const CrackTarget& t) {
  const token::Options& o = t.options;
  const Digest digest = o.digest.value_or(f.defaults.digest);
  if (!FastDigest(digest)) return std::nullopt;
  std::string salt(o.salt ? std::string_view(*o.salt) : f.defaults.salt);
  KeyRule rule = KeyRule::kHashConcat;
  switch (o.key_derivation.value_or(f.defaults.key_derivation)) {
    case token::KeyDerivation::kDjangoConcat:
      salt += "signer";
      break;
    case token::KeyDerivation::kConcat:
      break;
    case token::KeyDerivation::kHmac:
      rule = KeyRule::kHmacSalt;
      break;
    case token::KeyDerivation::kNone:
      rule = KeyRule::kRaw;
      salt.clear();
      break;
  }
  std::string sep = o.separator.value_or(std::string(f.defaults.separator));
  return SplitAtLast(t.token, sep, digest, rule, std::move(salt));
}

// Django compares the signature *text*: 43 characters can only be the SHA-256 MAC, 27 only the
// SHA-1 one (the configured algorithm when it is SHA-1, else the legacy fallback).
std::optional<MacPlan> PlanDjango(bool object, const CrackTarget& t) {
  const token::Options& o = t.options;
  if (o.key_derivation && *o.key_derivation != token::KeyDerivation::kDjangoConcat) {
    return std::nullopt;
  }
  std::string salt;
  if (o.salt && !o.salt->empty()) {
    salt = *o.salt;
  } else if (object && !o.salt) {
    salt = "django.core.signing";
  } else {
    salt = object || o.timestamped ? "django.core.signing.TimestampSigner"
                                   : "django.core.signing.Signer";
  }
  const Digest configured = o.digest.value_or(Digest::kSha256);
  const std::string sep = o.separator.value_or(":");
  const size_t pos = t.token.rfind(sep);
  if (sep.empty() || pos == std::string::npos) return std::nullopt;
  const size_t sig_chars = t.token.size() - pos - sep.size();
  Digest digest = Digest::kSha1;
  if (sig_chars == 43 && configured == Digest::kSha256) {
    digest = Digest::kSha256;
  } else if (sig_chars != 27 || (configured != Digest::kSha1 && o.strict)) {
    return std::nullopt;
  }
  return SplitAtLast(t.token, sep, digest, KeyRule::kHashConcat, salt + "signer");
}

std::optional<MacPlan> PlanExpress(const CrackTarget& t) {
  if (t.options.digest && *t.options.digest != Digest::kSha256) return std::nullopt;
  auto parts = token::ParseExpressToken(t.token, t.options.strict, t.options.limits);
  if (!parts || parts->value.empty()) return std::nullopt;
  auto mac = CanonicalMac(parts->signature, Base64Alphabet::kStandard, 32);
  if (!mac) return std::nullopt;
  return MacPlan{.digest = Digest::kSha256,
                 .key_rule = KeyRule::kRaw,
                 .message = std::move(parts->value),
                 .mac = std::move(*mac)};
}

// HS256 only: a 32-byte signature cannot verify under HS384/512, and those go generic.
std::optional<MacPlan> PlanJwt(const CrackTarget& t) {
  if (t.options.digest && *t.options.digest != Digest::kSha256) return std::nullopt;
  return SplitAtLast(t.token, ".", Digest::kSha256, KeyRule::kRaw, "");
}

bool PlainCookieText(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c <= ' ' || c >= 0x7f || c == '"' || c == ';') return false;
  }
  return true;
}

// keygrip signs "NAME=VALUE"; its signature is base64url without padding. Quoted, truncated or
// non-ASCII cookie text takes the generic path (the codec's unquoting and latin1 rules).
std::optional<MacPlan> PlanCookieSession(const CrackTarget& t) {
  if (t.options.digest && *t.options.digest != Digest::kSha1) return std::nullopt;
  const std::string name = t.options.cookie_name.empty() ? "session" : t.options.cookie_name;
  if (!PlainCookieText(t.token) || !PlainCookieText(t.signature) || !PlainCookieText(name)) {
    return std::nullopt;
  }
  auto mac = CanonicalMac(t.signature, Base64Alphabet::kUrl, 20);
  if (!mac) return std::nullopt;
  return MacPlan{.digest = Digest::kSha1,
                 .key_rule = KeyRule::kRaw,
                 .message = name + "=" + t.token,
                 .mac = std::move(*mac)};
}

}  // namespace

std::optional<MacPlan> PlanMac(const CrackTarget& target) {
  if (target.codec == nullptr) return std::nullopt;
  const std::string_view name = target.codec->name();
  for (const ItsFormat& f : kItsFormats) {
    if (f.name == name) return PlanItsdangerous(f, target);
  }
  if (name == "django" || name == "django-signer") return PlanDjango(name == "django", target);
  if (name == "express") return PlanExpress(target);
  if (name == "jwt") return PlanJwt(target);
  if (name == "cookie-session") return PlanCookieSession(target);
  return std::nullopt;
}

std::string DerivePlanKey(const MacPlan& plan, std::string_view secret) {
  switch (plan.key_rule) {
    case KeyRule::kRaw:
      return std::string(secret);
    case KeyRule::kHmacSalt:
      return crypto::Hmac(plan.digest, secret, plan.salt);
    case KeyRule::kHashConcat:
      return crypto::Hash(plan.digest, plan.salt + std::string(secret));
  }
  return std::string(secret);
}

}  // namespace knox::analysis
