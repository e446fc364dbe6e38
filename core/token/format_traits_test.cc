// Format traits: one description per format that the CLI, crack and the audit read. The table
// must be consistent with what each codec does.
#include "core/token/format_traits.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/crypto/aes_gcm.h"
#include "core/crypto/hmac.h"
#include "core/token/registry.h"

namespace knox::token {
namespace {

TEST(FormatTraits, NamesAndAliasesAreUniqueAndFindTheirCodec) {
  std::set<std::string> seen;
  for (const Codec* c : AllCodecs()) {
    EXPECT_TRUE(seen.insert(std::string(c->name())).second) << c->name();
    EXPECT_FALSE(c->traits().summary.empty()) << c->name();
    EXPECT_FALSE(c->traits().defaults.empty()) << c->name();
    EXPECT_EQ(FindCodec(c->name()).value(), c);
    for (std::string_view alias : c->traits().aliases) {
      EXPECT_TRUE(seen.insert(std::string(alias)).second) << alias;
      EXPECT_EQ(FindCodec(alias).value(), c) << alias;
    }
  }
  EXPECT_EQ(AllCodecs().size(), 20u);
  EXPECT_FALSE(FindCodec("no-such-format"));
}

TEST(FormatTraits, KnoxSealedIsABuiltInFormat) {
  const Codec* sealed = FindCodec("knox-sealed").value();
  EXPECT_EQ(sealed->traits().key, KeyKind::kRandomKey);
  EXPECT_EQ(sealed->traits().payload, PayloadKind::kEncrypted);
}

// Every format signs and verifies with a key made by KeyFromRandomBytes (and a cookie name, which
// gorilla requires).
TEST(FormatTraits, KeyFromRandomBytesMakesAWorkingKey) {
  const std::string raw(32, '\x5a');
  for (const Codec* c : AllCodecs()) {
    Options o;
    o.secrets.emplace_back(c->KeyFromRandomBytes(raw));
    o.cookie_name = "session";
    auto signer = c->NewSigner(o);
    ASSERT_TRUE(signer) << c->name() << ": " << signer.error().message;
    const std::string value =
        c->traits().payload == PayloadKind::kOpaqueValue ? "abc" : R"({"a":1})";
    auto s = (*signer)->Sign(value);
    ASSERT_TRUE(s) << c->name() << ": " << s.error().message;
    EXPECT_TRUE((*signer)->Verify(s->token, s->signature)) << c->name();
  }
}

TEST(FormatTraits, OnlyRandomKeyFormatsAreNotSearchable) {
  for (const Codec* c : AllCodecs()) {
    const bool random = c->name() == "fernet" || c->name() == "knox-sealed";
    EXPECT_EQ(Searchable(c->traits()), !random) << c->name();
  }
}

struct OptionCase {
  const char* label;
  const char* format;
  OptionSet given;
  bool timestamped;
  const char* error;  // nullptr: applies
};

class CheckOptionsTest : public ::testing::TestWithParam<OptionCase> {};

TEST_P(CheckOptionsTest, NamesOptionAndFormat) {
  const OptionCase& c = GetParam();
  auto result = CheckOptionsApply(FindCodec(c.format).value()->traits(), c.given, c.timestamped);
  if (c.error == nullptr) {
    EXPECT_TRUE(result) << result.error().message;
  } else {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(result.error().message.substr(0, std::string(c.error).size()), c.error);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Traits, CheckOptionsTest,
    ::testing::Values(
        OptionCase{"ExpressMaxAge",
                   "express",
                   {Opt::kMaxAge},
                   false,
                   "--max-age does not apply to format express"},
        OptionCase{"JwtSalt", "jwt", {Opt::kSalt}, false, "--salt does not apply to format jwt"},
        OptionCase{"FernetDigest",
                   "fernet",
                   {Opt::kDigest},
                   false,
                   "--digest does not apply to format fernet"},
        OptionCase{"ExpressNow", "express", {Opt::kNow}, false, "--now does not apply"},
        OptionCase{"JwtNow", "jwt", {Opt::kNow, Opt::kTimestamp, Opt::kDigest}, false, nullptr},
        OptionCase{"FlaskEverything",
                   "flask",
                   {Opt::kSalt, Opt::kDigest, Opt::kKeyDerivation, Opt::kSeparator, Opt::kMaxAge,
                    Opt::kTimestamp, Opt::kNow, Opt::kStrict},
                   false,
                   nullptr},
        OptionCase{"FlaskTimestamped",
                   "flask",
                   {Opt::kTimestamped},
                   true,
                   "--timestamped does not apply to format flask"},
        OptionCase{"SignerMaxAgeUntimed",
                   "django-signer",
                   {Opt::kMaxAge},
                   false,
                   "--max-age does not apply to format django-signer without --timestamped"},
        OptionCase{
            "SignerMaxAgeTimed", "django-signer", {Opt::kMaxAge, Opt::kTimestamped}, true, nullptr},
        OptionCase{"JsonSerializerTimestampTimed",
                   "itsdangerous-json",
                   {Opt::kTimestamp, Opt::kTimestamped},
                   true,
                   nullptr},
        OptionCase{"CookieSessionCompanion",
                   "cookie-session",
                   {Opt::kSignature, Opt::kCookieName, Opt::kDigest},
                   false,
                   nullptr},
        OptionCase{"CookieSessionSalt",
                   "cookie-session",
                   {Opt::kSalt},
                   false,
                   "--salt does not apply to format cookie-session"},
        OptionCase{
            "SealedPurposeAndName", "knox-sealed", {Opt::kSalt, Opt::kCookieName}, false, nullptr},
        OptionCase{"SealedStrict",
                   "knox-sealed",
                   {Opt::kStrict},
                   false,
                   "--strict does not apply to format knox-sealed"},
        OptionCase{"DjangoKeyDerivation",
                   "django",
                   {Opt::kKeyDerivation},
                   false,
                   "--key-derivation does not apply to format django"},
        OptionCase{"LaravelCipherAndName",
                   "laravel",
                   {Opt::kCipher, Opt::kCookieName, Opt::kStrict},
                   false,
                   nullptr},
        OptionCase{"LaravelDigest",
                   "laravel",
                   {Opt::kDigest},
                   false,
                   "--digest does not apply to format laravel"},
        OptionCase{"FlaskCipher", "flask", {Opt::kCipher}, false, "--cipher does not apply"},
        OptionCase{"GorillaKeysAndSerializer",
                   "gorilla",
                   {Opt::kBlockKey, Opt::kSerializer, Opt::kDigest, Opt::kCookieName, Opt::kMaxAge,
                    Opt::kTimestamp, Opt::kNow, Opt::kStrict},
                   false,
                   nullptr},
        OptionCase{"GorillaSalt",
                   "gorilla",
                   {Opt::kSalt},
                   false,
                   "--salt does not apply to format gorilla"},
        OptionCase{"BlockKeyIsGorillas",
                   "flask",
                   {Opt::kBlockKey},
                   false,
                   "--block-key does not apply to format flask"},
        OptionCase{"NothingGiven", "iron", {}, false, nullptr}),
    [](const auto& param_info) { return std::string(param_info.param.label); });

// A format's crack plan reproduces the MAC its signer writes, so the fast engine's pre-filter
// accepts the right secret.
TEST(FormatTraits, CrackPlansReproduceTheSignersMac) {
  int planned = 0;
  const std::string secret = "keyboard cat";
  const std::string other = "keyboard dog";
  for (const Codec* c : AllCodecs()) {
    // Ciphertext formats have no plan (iron and laravel go to the generic engine), except
    // rails-encrypted, whose plan checks the GCM tag under its PBKDF2 key.
    if (c->traits().payload == PayloadKind::kEncrypted && c->name() != "rails-encrypted") continue;
    Options o;
    o.secrets.emplace_back(secret);
    o.cookie_name = "session";
    auto signer = c->NewSigner(o);
    ASSERT_TRUE(signer) << c->name();
    const std::string value =
        c->traits().payload == PayloadKind::kOpaqueValue ? "abc" : R"({"a":1})";
    auto s = (*signer)->Sign(value);
    ASSERT_TRUE(s) << c->name() << ": " << s.error().message;
    o.secrets.clear();
    auto plan = c->PlanMac(o, s->token, s->signature);
    if (!plan) continue;
    ++planned;
    const std::string key = DerivePlanKey(*plan, secret);
    if (plan->check == MacCheck::kAesGcm) {  // rails-encrypted: the tag under the derived key
      EXPECT_TRUE(crypto::AesGcmDecrypt(key, plan->iv, "", plan->message, plan->mac)) << c->name();
      EXPECT_FALSE(crypto::AesGcmDecrypt(DerivePlanKey(*plan, other), plan->iv, "", plan->message,
                                         plan->mac))
          << c->name();
      continue;
    }
    EXPECT_EQ(crypto::Hmac(plan->digest, key, plan->message), plan->mac) << c->name();
    EXPECT_NE(crypto::Hmac(plan->digest, DerivePlanKey(*plan, other), plan->message), plan->mac)
        << c->name();
  }
  // The itsdangerous family, django x2, express, jwt, cookie-session, rack, gorilla, rails x2
  // (iron and laravel go to the generic engine).
  EXPECT_GE(planned, 15);
}

}  // namespace
}  // namespace knox::token
