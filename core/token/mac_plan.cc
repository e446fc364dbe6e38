#include "core/token/mac_plan.h"

#include "core/crypto/hmac.h"
#include "core/crypto/pbkdf2.h"

namespace knox::token {

std::optional<std::string> CanonicalMac(std::string_view text, Base64Alphabet alphabet,
                                        size_t size) {
  auto bytes = Base64DecodeStrict(text, alphabet, Base64Padding::kUnpadded);
  if (!bytes || bytes->size() != size) return std::nullopt;
  return std::move(*bytes);
}

std::optional<MacPlan> PlanSplitAtLast(std::string_view token, std::string_view sep,
                                       crypto::Digest digest, KeyRule rule, std::string salt) {
  const size_t pos = token.rfind(sep);
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

std::string DerivePlanKey(const MacPlan& plan, std::string_view secret) {
  switch (plan.key_rule) {
    case KeyRule::kRaw:
      return std::string(secret);
    case KeyRule::kHmacSalt:
      return crypto::Hmac(plan.digest, secret, plan.salt);
    case KeyRule::kHashConcat:
      return crypto::Hash(plan.digest, std::string(plan.salt) + std::string(secret));
    case KeyRule::kPbkdf2:
      return crypto::Pbkdf2(plan.key_digest, secret, plan.salt, plan.iterations, plan.key_length)
          .value_or(std::string());
  }
  return std::string(secret);
}

}  // namespace knox::token
