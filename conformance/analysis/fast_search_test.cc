// End-to-end: the fast engine (mac_plan + mac_lanes on every SIMD path) finds exactly what the
// generic engine finds, on tokens that core/token signed, for every format with a fast kernel and
// its configured variants (every digest: SHA-1, SHA-256, SHA-384, SHA-512); formats without one
// fall back; misses are never reported as hits.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "conformance/analysis/candidates.h"
#include "conformance/analysis/mac_plan.h"
#include "conformance/analysis/secret_search.h"
#include "core/base/hex.h"
#include "core/base/test_paths.h"
#include "core/crypto/hmac.h"
#include "core/crypto/pbkdf2.h"
#include "core/token/rack_cookie_value.h"
#include "core/token/registry.h"

namespace knox::analysis {
namespace {

using crypto::Digest;
using crypto::ShaPath;
using token::KeyDerivation;

constexpr std::string_view kPayload = R"({"user_id":"123","role":"admin"})";

struct FormatCase {
  std::string label;
  std::string format;
  std::string secret;
  std::optional<Digest> digest;
  std::optional<KeyDerivation> kd;
  std::optional<std::string> salt;
  bool fast = true;  // expected to have a fast kernel
};

std::vector<FormatCase> Cases() {
  // Over SHA-1/SHA-256's 64-byte block (HMAC hashes it first) but within SHA-384/512's 128 bytes;
  // the very long one is over both.
  const std::string long_secret(100, 'k');
  const std::string very_long_secret(200, 'v');
  std::vector<FormatCase> cases = {
      {"flask", "flask", "changeme"},
      {"flask_long_secret", "flask", long_secret},
      {"flask_salt", "flask", "changeme", {}, {}, "custom-salt"},
      {"itsdangerous", "itsdangerous", "keyboard cat"},
      {"itsdangerous_timed", "itsdangerous-timed", "keyboard cat"},
      {"itsdangerous_json", "itsdangerous-json", "keyboard cat"},
      {"itsdangerous_timestamp", "itsdangerous-timestamp", "keyboard cat"},
      {"starlette", "starlette", "secret-key"},
      {"django", "django", "django-insecure-key"},
      {"django_session_salt",
       "django",
       "django-insecure-key",
       {},
       {},
       "django.contrib.sessions.backends.signed_cookies"},
      {"django_signer", "django-signer", "django-insecure-key"},
      {"express", "express", "keyboard cat"},
      {"express_long_secret", "express", long_secret},
      {"jwt_hs256", "jwt", "your-256-bit-secret"},
      {"jwt_hs256_long_secret", "jwt", long_secret},
      {"jwt_hs384", "jwt", "your-384-bit-secret", Digest::kSha384},
      {"jwt_hs384_long_secret", "jwt", long_secret, Digest::kSha384},
      {"jwt_hs512", "jwt", "your-512-bit-secret", Digest::kSha512},
      {"jwt_hs512_long_secret", "jwt", long_secret, Digest::kSha512},
      {"jwt_hs512_very_long_secret", "jwt", very_long_secret, Digest::kSha512},
      {"cookie_session", "cookie-session", "keyboard cat"},
      {"cookie_session_sha512", "cookie-session", "keyboard cat", Digest::kSha512},
      {"gorilla", "gorilla", "gorilla-hash-key"},
      {"gorilla_sha384", "gorilla", "gorilla-hash-key", Digest::kSha384},
      {"gorilla_sha512", "gorilla", "gorilla-hash-key", Digest::kSha512},
      {"rack_sha512", "rack", "change_me_rack_secret", Digest::kSha512},
      {"django_sha512", "django-signer", "django-insecure-key", Digest::kSha512},
      {"iron_generic",
       "iron",
       "some_not_random_password_that_is_at_least_32_characters",
       {},
       {},
       {},
       false},
  };
  for (Digest d : {Digest::kSha1, Digest::kSha256, Digest::kSha384, Digest::kSha512}) {
    for (KeyDerivation kd : {KeyDerivation::kHmac, KeyDerivation::kConcat,
                             KeyDerivation::kDjangoConcat, KeyDerivation::kNone}) {
      std::string label = "signer_" + std::string(crypto::DigestName(d)) + "_" +
                          std::string(token::KeyDerivationName(kd));
      std::replace(label.begin(), label.end(), '-', '_');
      cases.push_back({label, "itsdangerous-signer", "hunter2", d, kd});
    }
  }
  cases.push_back({"signer_sha512_long_secret", "itsdangerous-signer", very_long_secret,
                   Digest::kSha512, KeyDerivation::kHmac});
  return cases;
}

token::Options TokenOptions(const FormatCase& c, std::string_view secret) {
  token::Options o;
  o.secrets.emplace_back(secret);
  o.cookie_name = "session";
  o.digest = c.digest;
  o.key_derivation = c.kd;
  o.salt = c.salt;
  return o;
}

// A target as `knox crack` would plan it, with the case's digest/derivation configured.
std::vector<CrackTarget> TargetsFor(const FormatCase& c, const token::Signed& s) {
  auto targets = PlanTargets({.token = s.token,
                              .format = c.format,
                              .salt = c.salt,
                              .signature = s.signature,
                              .cookie_name = "session"})
                     .value();
  for (CrackTarget& t : targets) {
    t.options.digest = c.digest;
    t.options.key_derivation = c.kd;
  }
  return targets;
}

token::Signed Sign(const FormatCase& c, std::string_view secret) {
  const token::Codec* codec = token::FindCodec(c.format).value();
  return codec->NewSigner(TokenOptions(c, secret)).value()->Sign(kPayload).value();
}

// 700 decoys with the secret at a lane in the middle of a group of 16.
std::vector<std::string> Wordlist(std::string_view secret) {
  std::vector<std::string> words;
  for (int i = 0; i < 700; ++i) words.push_back("decoy" + std::to_string(i));
  if (!secret.empty()) words.insert(words.begin() + 517, std::string(secret));
  return words;
}

Result<CrackResult> Crack(std::span<const CrackTarget> targets,
                          const std::vector<std::string>& words, SearchOptions options) {
  std::vector<std::string_view> views(words.begin(), words.end());
  ListSource source(views);
  return SearchSecret(targets, source, options);
}

class FastSearchTest : public ::testing::TestWithParam<FormatCase> {};

TEST_P(FastSearchTest, SameSecretAsGenericOnEveryPath) {
  const FormatCase& c = GetParam();
  const token::Signed s = Sign(c, c.secret);
  const auto targets = TargetsFor(c, s);
  // Plus one target per usual framework salt when the case gives none (Django's signed_cookies).
  ASSERT_EQ(targets.size(), c.format == "django" && !c.salt ? 2u : 1u);
  EXPECT_EQ(PlanMac(targets[0]).has_value(), c.fast);
  const auto words = Wordlist(c.secret);
  auto generic = Crack(targets, words, {.threads = 1, .generic_only = true}).value();
  ASSERT_TRUE(generic.found);
  EXPECT_EQ(generic.fast_targets, 0u);
  for (ShaPath path : crypto::AllShaPaths()) {
    if (!crypto::ShaPathSupported(path)) continue;  // the kernel tests report the skip
    auto fast = Crack(targets, words, {.threads = 2, .simd = path}).value();
    ASSERT_TRUE(fast.found) << crypto::ShaPathName(path);
    EXPECT_EQ(fast.secret.reveal(), c.secret) << crypto::ShaPathName(path);
    EXPECT_EQ(fast.format, generic.format);
    EXPECT_EQ(fast.resigned_identical, generic.resigned_identical);
    EXPECT_EQ(fast.fast_targets, c.fast ? targets.size() : 0u);
    if (c.fast) {
      EXPECT_EQ(fast.simd, crypto::ShaPathName(path));
    }
  }
}

// A secret that is not in the list: no path reports a hit, and every candidate is counted.
TEST_P(FastSearchTest, NoFalsePositives) {
  const FormatCase& c = GetParam();
  const auto targets = TargetsFor(c, Sign(c, c.secret + "-not-listed"));
  const auto words = Wordlist(c.secret);  // holds a near miss: the secret without its suffix
  for (ShaPath path : crypto::AllShaPaths()) {
    if (!crypto::ShaPathSupported(path)) continue;
    auto fast = Crack(targets, words, {.threads = 3, .simd = path}).value();
    EXPECT_FALSE(fast.found) << crypto::ShaPathName(path);
    EXPECT_EQ(fast.candidates, words.size());
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, FastSearchTest, ::testing::ValuesIn(Cases()),
                         [](const auto& param_info) { return param_info.param.label; });

// Django falls back to the legacy SHA-1 signature: a token signed with SHA-1 is found by a
// target configured with the default SHA-256.
TEST(FastSearch, DjangoLegacySha1) {
  FormatCase sha1{"", "django", "legacy-key", Digest::kSha1};
  const token::Signed s = Sign(sha1, sha1.secret);
  auto targets = PlanTargets({.token = s.token, .format = "django"}).value();
  ASSERT_TRUE(PlanMac(targets[0]).has_value());
  EXPECT_EQ(PlanMac(targets[0])->digest, Digest::kSha1);
  auto result = Crack(targets, Wordlist(sha1.secret), {.threads = 2}).value();
  ASSERT_TRUE(result.found);
  EXPECT_EQ(result.secret.reveal(), "legacy-key");
  EXPECT_EQ(result.fast_targets, 2u);  // the default salt and signed_cookies' salt
}

// Without --salt, a Django session cookie (signed_cookies backend salt) is found too.
TEST(FastSearch, DjangoSessionSaltTriedByDefault) {
  FormatCase session{"session",    "django",
                     "secret",     Digest::kSha256,
                     std::nullopt, "django.contrib.sessions.backends.signed_cookies"};
  const token::Signed s = Sign(session, session.secret);
  auto targets = PlanTargets({.token = s.token}).value();
  auto result = Crack(targets, Wordlist(session.secret), {.threads = 1}).value();
  ASSERT_TRUE(result.found);
  EXPECT_EQ(result.format, "django");
  EXPECT_TRUE(result.resigned_identical);
}

TEST(FastSearch, RulesAndThreads) {
  FormatCase c{"", "flask", "Password2024"};
  const token::Signed s = Sign(c, c.secret);
  const auto targets = TargetsFor(c, s);
  std::string text;
  for (int i = 0; i < 300; ++i) text += "word" + std::to_string(i) + "\n";
  text += "password\n";
  for (unsigned threads : {1u, 4u}) {
    std::istringstream in(text);
    RuleSource rules(std::make_unique<WordlistSource>(in));
    auto result = SearchSecret(targets, rules, {.threads = threads}).value();
    ASSERT_TRUE(result.found) << threads;
    EXPECT_EQ(result.secret.reveal(), "Password2024");
    EXPECT_TRUE(result.resigned_identical);
  }
}

// Without --format a token fits several formats; fast and generic targets run side by side and
// the answer is the generic engine's.
TEST(FastSearch, AutoDetectMixesEngines) {
  FormatCase c{"", "flask", "changeme"};
  const token::Signed s = Sign(c, c.secret);
  auto targets = PlanTargets({.token = s.token}).value();
  ASSERT_GE(targets.size(), 2u);
  const auto words = Wordlist("changeme");
  auto generic = Crack(targets, words, {.threads = 2, .generic_only = true}).value();
  auto fast = Crack(targets, words, {.threads = 2}).value();
  ASSERT_TRUE(generic.found);
  ASSERT_TRUE(fast.found);
  EXPECT_EQ(fast.format, generic.format);
  EXPECT_EQ(fast.secret.reveal(), generic.secret.reveal());
  EXPECT_GE(fast.fast_targets, 1u);
}

// Signatures in a lenient, non-canonical encoding are not planned; both engines agree on them.
TEST(FastSearch, NonCanonicalSignatureGoesGeneric) {
  FormatCase c{"", "itsdangerous-signer", "hunter2"};
  auto targets = TargetsFor(c, Sign(c, c.secret));
  targets[0].token += "=";  // itsdangerous's base64_decode pads and accepts this
  EXPECT_FALSE(PlanMac(targets[0]).has_value());
  const auto words = Wordlist(c.secret);
  auto generic = Crack(targets, words, {.threads = 1, .generic_only = true}).value();
  auto fast = Crack(targets, words, {.threads = 1}).value();
  EXPECT_TRUE(generic.found);
  EXPECT_EQ(fast.found, generic.found);
  EXPECT_EQ(fast.fast_targets, 0u);
}

// Rails cookies that Rails 6.1 wrote (interop/vectors/rails.jsonl): signed with either key
// generator digest and HMAC-SHA1 or -SHA256, AES-256-GCM and the legacy CBC+HMAC jar. Planned as
// `knox crack` plans them (no --digest: SHA-1 and SHA-256 key generators), every target is on
// the PBKDF2 lanes and every path finds what the generic engine finds; without the secret, no hit.
struct RailsCase {
  std::string name;  // the vector's
  std::string format, token, secret, cookie_name;
};

std::vector<RailsCase> RailsCases() {
  constexpr std::string_view kNames[] = {"sign-weak-secret",
                                         "sign-sha256-key-generator",
                                         "verify-hmac-sha256",
                                         "verify-marshal-serializer",
                                         "verify-gcm-weak-secret",
                                         "verify-gcm-sha256-key-generator",
                                         "verify-cbc"};
  std::vector<RailsCase> cases;
  for (const std::string& line : test_support::DataFileLines("interop/vectors/rails.jsonl")) {
    const auto v = nlohmann::json::parse(line, nullptr, false);
    const std::string name = v.value("name", "");
    if (std::find(std::begin(kNames), std::end(kNames), name) == std::end(kNames)) continue;
    const std::string secret =
        v.contains("secret") ? v["secret"].get<std::string>() : v["secrets"][0].get<std::string>();
    cases.push_back({name, v["format"], v["token"], secret, v.value("cookie_name", "")});
  }
  return cases;
}

TEST(FastSearch, RailsCookiesOnThePbkdf2Lanes) {
  const auto cases = RailsCases();
  ASSERT_EQ(cases.size(), 7u);
  for (const RailsCase& c : cases) {
    SCOPED_TRACE(c.name);
    const auto targets =
        PlanTargets({.token = c.token, .format = c.format, .cookie_name = c.cookie_name}).value();
    ASSERT_EQ(targets.size(), 2u);  // the SHA-1 and SHA-256 key generators
    for (const CrackTarget& t : targets) {
      auto plan = PlanMac(t);
      ASSERT_TRUE(plan.has_value());
      EXPECT_EQ(plan->key_rule, KeyRule::kPbkdf2);
      EXPECT_EQ(plan->iterations, 1000u);
    }
    std::vector<std::string> words;
    for (int i = 0; i < 20; ++i) words.push_back("decoy" + std::to_string(i));
    auto misses = Crack(targets, words, {.threads = 1}).value();
    EXPECT_FALSE(misses.found);
    EXPECT_EQ(misses.candidates, words.size());
    words.insert(words.begin() + 13, c.secret);
    auto generic = Crack(targets, words, {.threads = 1, .generic_only = true}).value();
    ASSERT_TRUE(generic.found);
    EXPECT_EQ(generic.format, c.format);
    for (ShaPath path : crypto::AllShaPaths()) {
      if (!crypto::ShaPathSupported(path)) continue;
      auto fast = Crack(targets, words, {.threads = 2, .simd = path}).value();
      ASSERT_TRUE(fast.found) << crypto::ShaPathName(path);
      EXPECT_EQ(fast.secret.reveal(), c.secret);
      EXPECT_EQ(fast.format, generic.format);
      EXPECT_EQ(fast.resigned_identical, generic.resigned_identical);
      EXPECT_EQ(fast.fast_targets, targets.size());
      EXPECT_EQ(fast.simd, crypto::ShaPathName(path));
    }
  }
}

// A Rails cookie whose shape the lanes do not cover (HMAC-SHA512 signed cookie) still goes
// through the generic engine in the same run.
TEST(FastSearch, RailsSha512SignedCookieGoesGeneric) {
  const auto cases = RailsCases();
  ASSERT_FALSE(cases.empty());
  const RailsCase& c = cases.front();
  // Re-sign DATA with HMAC-SHA512 under the key Rails derives: a 128-hex-digit digest.
  const token::Codec* codec = token::FindCodec("rails-signed").value();
  const std::string value = token::RackCookieValue(c.token);
  const std::string data = value.substr(0, value.find("--"));
  const std::string key =
      crypto::Pbkdf2(Digest::kSha1, c.secret, "signed cookie", 1000, 64).value();
  const std::string token = data + "--" + HexEncode(crypto::Hmac(Digest::kSha512, key, data));
  auto targets =
      PlanTargets({.token = token, .format = "rails-signed", .cookie_name = c.cookie_name}).value();
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_FALSE(codec->PlanMac(targets[0].options, token, "").has_value());
  auto result = Crack(targets, {"x", c.secret}, {.threads = 1}).value();
  ASSERT_TRUE(result.found);
  EXPECT_EQ(result.secret.reveal(), c.secret);
  EXPECT_EQ(result.fast_targets, 0u);
}

TEST(FastSearch, UnsupportedForcedPathIsAnError) {
  FormatCase c{"", "express", "keyboard cat"};
  const auto targets = TargetsFor(c, Sign(c, c.secret));
  for (ShaPath path : crypto::AllShaPaths()) {
    if (crypto::ShaPathSupported(path)) continue;
    EXPECT_EQ(Crack(targets, Wordlist(""), {.simd = path}).error().code,
              ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace knox::analysis
