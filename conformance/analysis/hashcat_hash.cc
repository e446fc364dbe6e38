#include "conformance/analysis/hashcat_hash.h"

#include "conformance/analysis/mac_plan.h"
#include "core/base/hex.h"

namespace knox::analysis {
namespace {

std::unexpected<Error> NoMode(const CrackTarget& target, std::string_view why) {
  return Fail(ErrorCode::kNotFound, "format " + std::string(target.codec->name()) +
                                        ": no hashcat mode " + std::string(why));
}

// hashcat's HMAC modes take the message as the salt after the first ':' (at most 256 bytes of
// printable text here, so the line stays one line and hashcat reads it as knox means it).
bool HashcatSalt(std::string_view message) {
  if (message.size() > 256) return false;
  for (char c : message) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

Result<HashcatHash> ToHashcat(const CrackTarget& target) {
  const auto mode = target.codec->traits().hashcat_mode;
  if (!mode) return NoMode(target, "exists");
  auto plan = PlanMac(target);
  switch (*mode) {
    case 29100:  // Flask Session Cookie ($salt.$salt.$pass): only Flask's own defaults
      if (!plan || plan->key_rule != KeyRule::kHmacSalt || plan->digest != crypto::Digest::kSha1 ||
          plan->salt != "cookie-session") {
        return NoMode(target,
                      "for this salt or key derivation (hashcat -m 29100 takes Flask's "
                      "defaults only)");
      }
      if (!target.token.empty() && target.token.front() == '.') {
        return NoMode(target, "for a compressed cookie (hashcat -m 29100 reads JSON payloads)");
      }
      return HashcatHash{.mode = 29100, .hash = target.token};
    case 16500:  // JWT: the token as sent
      return HashcatHash{.mode = 16500, .hash = target.token};
    case 150:
    case 1450:
    case 1750: {
      // HMAC(key = pass) over a known message: -m 150 for SHA-1, -m 1450 for SHA-256, -m 1750
      // for SHA-512 (the format's trait names its default digest; keygrip, rack and gorilla can
      // use others). hashcat 6.2.6 has no HMAC-SHA384 mode.
      if (!plan || plan->key_rule != KeyRule::kRaw) {
        return NoMode(target, "for this token's key derivation");
      }
      int hmac_mode = 0;
      switch (plan->digest) {
        case crypto::Digest::kSha1:
          hmac_mode = 150;
          break;
        case crypto::Digest::kSha256:
          hmac_mode = 1450;
          break;
        case crypto::Digest::kSha512:
          hmac_mode = 1750;
          break;
        case crypto::Digest::kSha384:
          return NoMode(target, "for HMAC-SHA384 (hashcat has none)");
      }
      if (!HashcatSalt(plan->message)) {
        return NoMode(target, "for a signed message over 256 bytes or with non-printable bytes");
      }
      return HashcatHash{.mode = hmac_mode, .hash = HexEncode(plan->mac) + ":" + plan->message};
    }
    default:
      return NoMode(target, "knox knows how to print");
  }
}

}  // namespace knox::analysis
