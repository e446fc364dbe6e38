// Properties, for every registered format:
//  1. Verify never accepts bytes that were not signed with the (random, per-process) key — under
//     the library defaults and under every option variant the format takes (another digest, key
//     derivation, salt, separator, strict mode, the timed variant, small limits).
//  2. Whatever Sign produces for the input, Verify accepts, and for raw-value formats returns the
//     input unchanged — except a flask value that is not a session Flask can open, and a
//     cookie-session string with characters beyond the BMP (both malformed, as documented).
//     So for every variant too, with these additions:
//       - timed variants (formats with --max-age) sign at a fixed time and verify `age` seconds
//         later (age from the input's size and first byte, -100..2499, max-age 1000): a token
//         0..500 s old verifies, one over 2200 s old fails with kExpired;
//       - under small limits (256-byte tokens and inflated payloads, JSON depth 3) a signed token
//         verifies or fails with kLimitExceeded, never with another error.
//  3. The crack engine's plan for a signed token (Codec::PlanMac, mac_plan.h), when there is one,
//     reproduces its MAC from the secret (a plan may be too eager, never too strict), and
//     CouldVerify says the token could verify. A plan read from the input itself has a fast
//     digest and a MAC of its size (a 16-byte tag and a 12-byte nonce for AES-GCM).
// Input layout: byte 0 picks the format; the rest up to the first '\n' is the token / value, what
// follows is the companion signature (cookie-session).
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/crypto/aes_gcm.h"
#include "core/crypto/hmac.h"
#include "core/token/mac_plan.h"
#include "fuzz/token_common.h"

namespace {

using knox::ErrorCode;
using knox::fuzz::FormatUnderTest;
using knox::token::Opt;

constexpr int64_t kSignTime = 1'700'000'000;
constexpr int64_t kMaxAge = 1000;

// The clock of the timed variants, set before each input.
knox::FakeClock& TimedClock() {
  static knox::FakeClock clock = knox::FakeClock::AtSeconds(kSignTime);
  return clock;
}

enum class Kind { kPlain, kTimed, kSmallLimits };

struct Variant {
  std::unique_ptr<FormatUnderTest> fut;
  Kind kind = Kind::kPlain;
};

// The option variants of `base`'s format (each one change from the defaults the format takes).
std::vector<Variant> MakeVariants(const FormatUnderTest& base) {
  using knox::crypto::Digest;
  using knox::token::KeyDerivation;
  const auto& traits = base.codec->traits();
  const auto always = knox::token::AppliesAlways(traits);
  const auto timestamped_only = knox::token::AppliesWhenTimestamped(traits);
  std::vector<Variant> out;
  auto add = [&](knox::token::Options o, Kind kind = Kind::kPlain) {
    if (auto fut = knox::fuzz::MakeSigner(base.codec, std::move(o), base.secret)) {
      out.push_back({std::move(fut), kind});
    }
  };
  if (always.Has(Opt::kDigest)) {
    for (Digest d : {Digest::kSha1, Digest::kSha256, Digest::kSha384, Digest::kSha512}) {
      auto o = base.options;
      o.digest = d;
      add(o);
    }
  }
  if (always.Has(Opt::kKeyDerivation)) {
    for (KeyDerivation k : {KeyDerivation::kDjangoConcat, KeyDerivation::kConcat,
                            KeyDerivation::kHmac, KeyDerivation::kNone}) {
      auto o = base.options;
      o.key_derivation = k;
      add(o);
    }
  }
  if (always.Has(Opt::kSalt)) {
    auto o = base.options;
    o.salt = "fuzz.salt";
    add(o);
  }
  if (always.Has(Opt::kSeparator)) {
    auto o = base.options;
    o.separator = "~";
    add(o);
  }
  if (always.Has(Opt::kStrict)) {
    auto o = base.options;
    o.strict = true;
    add(o);
  }
  if (always.Has(Opt::kTimestamped)) {
    auto o = base.options;
    o.timestamped = true;
    add(o);
  }
  const bool timed_always = always.Has(Opt::kMaxAge) && always.Has(Opt::kTimestamp);
  const bool timed_when_timestamped = always.Has(Opt::kTimestamped) &&
                                      timestamped_only.Has(Opt::kMaxAge) &&
                                      timestamped_only.Has(Opt::kTimestamp);
  if (timed_always || timed_when_timestamped) {
    auto o = base.options;
    o.timestamped = timed_when_timestamped || o.timestamped;
    o.timestamp = kSignTime;
    o.max_age_seconds = kMaxAge;
    o.clock = &TimedClock();
    add(o, Kind::kTimed);
  }
  auto o = base.options;
  o.limits = {.max_token_bytes = 256, .max_decompressed_bytes = 256, .max_json_depth = 3};
  add(o, Kind::kSmallLimits);
  return out;
}

struct Format {
  FormatUnderTest base;
  std::vector<Variant> variants;
};

std::vector<Format> MakeFormats() {
  std::vector<Format> out;
  for (auto& fut : knox::fuzz::MakeSigners()) {
    auto variants = MakeVariants(fut);
    out.push_back({std::move(fut), std::move(variants)});
  }
  return out;
}

// cookie-session's Sign writes any JSON, but cookie-session opens a string session as the object
// of its UTF-16 code units; a character beyond the BMP (a 4-byte UTF-8 sequence) would be two lone
// surrogates, which knox refuses as malformed rather than invent (docs/formats.md).
bool AstralStringSession(std::string_view value) {
  if (value.empty() || value.front() != '"') return false;
  for (char c : value) {
    if ((static_cast<unsigned char>(c) & 0xf8) == 0xf0) return true;
  }
  return false;
}

// A verification failure the format documents for a value it signed.
bool DocumentedRefusal(const FormatUnderTest& fut, std::string_view value, ErrorCode code) {
  // Flask's serializer signs any JSON, but Flask opens only a dict-like session from it
  // (SecureCookieSession(data)): anything else verifies as kMalformed, as in Flask.
  if (fut.codec->name() == "flask" && code == ErrorCode::kMalformed) return true;
  return fut.codec->name() == "cookie-session" && code == ErrorCode::kMalformed &&
         AstralStringSession(value);
}

// Property 3 on a token `fut` signed.
void CheckPlan(const FormatUnderTest& fut, const knox::token::Signed& s) {
  if (!fut.codec->CouldVerify(fut.options, s.token)) std::abort();
  auto plan = fut.codec->PlanMac(fut.options, s.token, s.signature);
  if (!plan) return;
  const std::string key = knox::token::DerivePlanKey(*plan, fut.secret);
  if (plan->check == knox::token::MacCheck::kAesGcm) {
    if (!knox::crypto::AesGcmDecrypt(key, plan->iv, "", plan->message, plan->mac)) std::abort();
  } else if (knox::crypto::Hmac(plan->digest, key, plan->message) != plan->mac) {
    std::abort();
  }
}

// Property 3 on the input, under `fut`'s options.
void CheckInputPlan(const FormatUnderTest& fut, std::string_view token, std::string_view sig) {
  auto plan = fut.codec->PlanMac(fut.options, token, sig);
  if (!plan) return;
  if (!knox::token::FastDigest(plan->digest)) std::abort();
  if (plan->check == knox::token::MacCheck::kAesGcm) {
    if (plan->mac.size() != 16 || plan->iv.size() != 12) std::abort();
  } else if (plan->mac.size() != knox::crypto::DigestSize(plan->digest)) {
    std::abort();
  }
}

// Properties 2 and 3 for one signer; `age` only matters for a timed variant.
void RoundTrip(const FormatUnderTest& fut, Kind kind, std::string_view value, int64_t age) {
  if (kind == Kind::kTimed) TimedClock().SetMillis(kSignTime * 1000);
  auto signed_token = fut.signer->Sign(value);
  if (!signed_token) return;
  if (kind == Kind::kTimed) TimedClock().SetMillis((kSignTime + age) * 1000);
  auto verified = fut.signer->Verify(signed_token->token, signed_token->signature);
  if (kind == Kind::kTimed && age > 2 * kMaxAge + 200) {
    if (verified) std::abort();
    if (verified.error().code != ErrorCode::kExpired &&
        !DocumentedRefusal(fut, value, verified.error().code)) {
      std::abort();
    }
    return;
  }
  if (!verified) {
    const ErrorCode code = verified.error().code;
    if (DocumentedRefusal(fut, value, code)) return;
    if (kind == Kind::kSmallLimits && code == ErrorCode::kLimitExceeded) return;
    if (kind == Kind::kTimed && (age < 0 || age > kMaxAge / 2)) return;
    std::abort();
  }
  if (!verified->is_json && verified->value != value) std::abort();
  CheckPlan(fut, *signed_token);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto formats = MakeFormats();
  if (size < 1 || formats.empty()) return 0;
  const Format& format = formats[data[0] % formats.size()];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string_view companion;
  if (size_t nl = rest.find('\n'); nl != std::string_view::npos) {
    companion = rest.substr(nl + 1);
    rest = rest.substr(0, nl);
  }
  const int64_t age =
      static_cast<int64_t>((size * 131 + (rest.empty() ? 0 : static_cast<uint8_t>(rest[0]))) %
                           2600) -
      100;
  TimedClock().SetMillis((kSignTime + age) * 1000);
  if (format.base.signer->Verify(rest, companion)) std::abort();  // forged without the key
  for (const Variant& v : format.variants) {
    if (v.fut->signer->Verify(rest, companion)) std::abort();
  }
  CheckInputPlan(format.base, rest, companion);
  for (const Variant& v : format.variants) CheckInputPlan(*v.fut, rest, companion);
  RoundTrip(format.base, Kind::kPlain, rest, 0);
  for (const Variant& v : format.variants) RoundTrip(*v.fut, v.kind, rest, age);
  return 0;
}
