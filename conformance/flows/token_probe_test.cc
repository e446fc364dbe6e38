#include "conformance/flows/token_probe.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/base/base64.h"
#include "core/crypto/secret_bytes.h"
#include "core/token/registry.h"

namespace knox::flows {
namespace {

using checks::SessionKind;

std::string SignWith(std::string_view format, std::string_view secret, std::string_view value,
                     std::string* signature = nullptr, std::string cookie_name = "") {
  auto codec = token::FindCodec(format);
  EXPECT_TRUE(codec);
  token::Options options;
  options.secrets.emplace_back(secret);
  options.cookie_name = std::move(cookie_name);
  auto signer = (*codec)->NewSigner(options);
  EXPECT_TRUE(signer) << signer.error().message;
  auto signed_token = (*signer)->Sign(value);
  EXPECT_TRUE(signed_token) << signed_token.error().message;
  if (signature != nullptr) *signature = signed_token->signature;
  return signed_token->token;
}

bool Verifies(std::string_view format, std::string_view secret, const CookiePairs& cookies,
              std::string_view name) {
  auto codec = token::FindCodec(format);
  token::Options options;
  options.secrets.emplace_back(secret);
  options.cookie_name = std::string(name);
  auto signer = (*codec)->NewSigner(options);
  std::string value, sig;
  for (const auto& [n, v] : cookies) {
    if (n == name) value = v;
    if (n == std::string(name) + ".sig") sig = v;
  }
  return static_cast<bool>((*signer)->Verify(value, sig));
}

TEST(InspectToken, OpaqueIdIsServerSide) {
  const std::string id = "q3Jx9bKc0T1mV8wZr2Lp5nYa7dFh4sGe6uIo";
  TokenView v = InspectToken("sid", id, {{"sid", id}});
  EXPECT_EQ(v.kind, SessionKind::kServerId);
  EXPECT_FALSE(v.format);
  EXPECT_EQ(v.random_part, id);
}

TEST(InspectToken, FlaskIsSignedWithReadableSensitiveFields) {
  const std::string t = SignWith("flask", "changeme", R"({"role":"admin","user":"alice"})");
  TokenView v = InspectToken("session", t, {{"session", t}});
  EXPECT_EQ(v.kind, SessionKind::kSignedPayload);
  ASSERT_TRUE(v.format);
  EXPECT_FALSE(v.random_part);
  EXPECT_EQ(ReadableFields(v), (std::vector<std::string>{"role", "user"}));
  EXPECT_EQ(SensitiveFields(v, ReadableFields(v)), (std::vector<std::string>{"role", "user"}));
}

// express-session's s:<id>.<mac>: a random id in a signature is a server-side id, signed.
TEST(InspectToken, ExpressIdIsASignedServerId) {
  const std::string id = "Zx8v0aQ1-kTqL4m9R2bW7yC3nE5hJ6pU";  // uid-safe(24) is 32 characters
  const std::string t = SignWith("express", "keyboard cat", id);
  TokenView v = InspectToken("connect.sid", t, {{"connect.sid", t}});
  EXPECT_EQ(v.kind, SessionKind::kServerId);
  EXPECT_TRUE(v.signed_value);
  EXPECT_EQ(v.format, "express");
  EXPECT_EQ(v.random_part, id);
  // A short or structured signed value is data, not an id.
  const std::string data = SignWith("express", "keyboard cat", "user=alice");
  TokenView d = InspectToken("connect.sid", data, {{"connect.sid", data}});
  EXPECT_EQ(d.kind, SessionKind::kSignedPayload);
  EXPECT_FALSE(d.random_part);
}

// Values no codec decodes: ciphertext and signed data in known framework shapes, else an id.
TEST(InspectToken, UndecodedValuesByShape) {
  const TokenView id = InspectToken("sid", "0123456789abcdef0123456789abcdef", {});
  EXPECT_EQ(id.kind, SessionKind::kServerId);
  EXPECT_FALSE(id.signed_value);
  EXPECT_EQ(id.random_part, "0123456789abcdef0123456789abcdef");
  // Rails 5.2+ encrypted cookie: DATA--IV--TAG, URL-encoded as sent.
  const TokenView rails =
      InspectToken("_app_session",
                   "c2Vzc2lvbmRhdGFzZXNzaW9uZGF0YQ%3D%3D--aXZpdml2aXZpdml2--dGFndGFndGFndGFn", {});
  EXPECT_EQ(rails.kind, SessionKind::kEncryptedPayload);
  EXPECT_TRUE(rails.signed_value);
  EXPECT_FALSE(rails.random_part);
  // Rack::Session::Cookie / MessageVerifier: BASE64--HEX(HMAC-SHA1).
  const TokenView rack = InspectToken(
      "rack.session", "BAh7BkkiCXVzZXIGOgZFVEkiCmFsaWNlBjsAVA%3D%3D--" + std::string(40, 'a'), {});
  EXPECT_EQ(rack.kind, SessionKind::kSignedPayload);
  EXPECT_TRUE(rack.signed_value);
  // Laravel: base64 of {"iv":..,"value":..,"mac":..}.
  const TokenView laravel = InspectToken(
      "laravel_session",
      Base64Encode(R"({"iv":"aXZpdml2aXZpdml2aXZpdg==","value":"Y2lwaGVydGV4dA==","mac":"00ff"})",
                   Base64Alphabet::kStandard, Base64Padding::kPadded),
      {});
  EXPECT_EQ(laravel.kind, SessionKind::kEncryptedPayload);
}

TEST(InspectToken, CookieSessionNeedsItsSigCompanion) {
  std::string sig;
  const std::string t =
      SignWith("cookie-session", "keyboard cat", R"({"user":"alice"})", &sig, "session");
  TokenView with = InspectToken("session", t, {{"session", t}, {"session.sig", sig}});
  EXPECT_EQ(with.kind, SessionKind::kSignedPayload);
  EXPECT_EQ(with.signature_cookie, sig);
  TokenView without = InspectToken("session", t, {{"session", t}});
  EXPECT_TRUE(without.unsigned_candidate);
  EXPECT_EQ(without.kind, SessionKind::kUnsignedPayload);
}

TEST(InspectToken, JwtKind) {
  const std::string t = SignWith("jwt", "secret", R"({"sub":"alice","email":"a@example.com"})");
  TokenView v = InspectToken("token", t, {{"token", t}});
  EXPECT_EQ(v.kind, SessionKind::kJwt);
  EXPECT_EQ(SensitiveFields(v, ReadableFields(v)), (std::vector<std::string>{"email", "sub"}));
}

// Every tamper variant of a signed format is well-formed enough to reach the MAC check and fails
// it under the real key.
class SignedVariants : public ::testing::TestWithParam<const char*> {};

TEST_P(SignedVariants, NoneVerifiesUnderTheRealKey) {
  const std::string format = GetParam();
  const std::string name = "session";
  std::string sig;
  const std::string payload = format == "express" ? "abcDEF0123456789" : R"({"user":"alice"})";
  const std::string t = SignWith(format, "the-real-key", payload, &sig, name);
  CookiePairs cookies = {{"other", "1"}, {name, t}};
  if (!sig.empty()) cookies.emplace_back(name + ".sig", sig);
  ASSERT_TRUE(Verifies(format, "the-real-key", cookies, name));
  TokenView view = InspectToken(name, t, cookies);
  auto variants = TamperVariants(view, cookies);
  ASSERT_GE(variants.size(), 2u);
  bool has_resign = false;
  for (const TamperVariant& v : variants) {
    EXPECT_FALSE(Verifies(format, "the-real-key", v.cookies, name)) << v.what;
    EXPECT_NE(v.cookies, cookies) << v.what;
    EXPECT_EQ(v.cookies.front(), (std::pair<std::string, std::string>{"other", "1"})) << v.what;
    has_resign |= v.what == "wrong-key-resign";
  }
  EXPECT_TRUE(has_resign);
}

INSTANTIATE_TEST_SUITE_P(Formats, SignedVariants,
                         ::testing::Values("flask", "starlette", "django", "itsdangerous-timed",
                                           "express", "cookie-session", "jwt"),
                         [](const ::testing::TestParamInfo<const char*>& i) {
                           std::string n = i.param;
                           std::erase(n, '-');
                           return n;
                         });

TEST(TamperVariants, UnsignedJsonGetsAModifiedPayload) {
  std::string sig;
  const std::string t = SignWith("cookie-session", "k", R"({"user":"alice"})", &sig, "s");
  TokenView view = InspectToken("s", t, {{"s", t}});
  auto variants = TamperVariants(view, {{"s", t}});
  ASSERT_EQ(variants.size(), 1u);
  EXPECT_EQ(variants[0].what, "modified-payload");
  EXPECT_NE(variants[0].cookies[0].second, t);
}

// Found by fuzz/token_probe_fuzzer.cc: every variant must differ from the cookies as sent, also
// for an empty NAME.sig companion (nothing to flip) and a payload that already has the probe key.
TEST(TamperVariants, EveryVariantDiffersFromTheCookiesSent) {
  std::string sig;
  const std::string t = SignWith("cookie-session", "k", R"({"user":"alice"})", &sig, "s");
  const CookiePairs empty_sig = {{"s", t}, {"s.sig", ""}};
  std::vector<std::string> whats;
  for (const TamperVariant& v : TamperVariants(InspectToken("s", t, empty_sig), empty_sig)) {
    EXPECT_NE(v.cookies, empty_sig) << v.what;
    whats.push_back(v.what);
  }
  EXPECT_THAT(whats, ::testing::Contains("unsigned"));
  EXPECT_THAT(whats, ::testing::Not(::testing::Contains("mac-bit-flip")));

  const std::string probed = SignWith("cookie-session", "k", R"({"knox_probe":1})", &sig, "s");
  auto variants = TamperVariants(InspectToken("s", probed, {{"s", probed}}), {{"s", probed}});
  ASSERT_EQ(variants.size(), 1u);
  EXPECT_EQ(variants[0].what, "modified-payload");
  EXPECT_NE(variants[0].cookies[0].second, probed);
}

TEST(TamperVariants, OpaqueIdGetsOneChangedCharacter) {
  TokenView view = InspectToken("sid", "0123456789abcdef", {{"sid", "0123456789abcdef"}});
  auto variants = TamperVariants(view, {{"sid", "0123456789abcdef"}});
  ASSERT_EQ(variants.size(), 1u);
  EXPECT_EQ(variants[0].cookies[0].second, "0123456709abcdef");
}

TEST(FlipChar, StaysInTheCharacterClass) {
  EXPECT_EQ(FlipChar("a0A_", 0), "b0A_");
  EXPECT_EQ(FlipChar("a0A_", 1), "a1A_");
  EXPECT_EQ(FlipChar("a0A_", 2), "a0B_");
  EXPECT_EQ(FlipChar("a0A_", 3), "a0AA");
  EXPECT_EQ(FlipChar("abc", 7), "abc");
}

// By meaning, on whole words of the key (sensitive_fields_test.cc has the full table): the
// session's owner and privileges are sensitive; a CSRF token, a visit counter and Flask's
// _permanent flag are not.
TEST(SensitiveFields, OfAReadablePayloadByMeaning) {
  const std::string payload =
      R"({"_auth_user_id":"1","_permanent":true,"cart":[],"csrf_token":"x","Email":"a@b.example",)"
      R"("is_admin":true,"sub":"42","theme":"dark","user":"alice","visits":3})";
  TokenView v{.name = "session",
              .kind = checks::SessionKind::kSignedPayload,
              .decoded = token::Decoded{.payload = payload, .is_json = true}};
  EXPECT_EQ(SensitiveFields(v, ReadableFields(v)),
            (std::vector<std::string>{"Email", "_auth_user_id", "is_admin", "sub", "user"}));
  // Only among the fields asked about (carried-over keys are not the login's).
  EXPECT_EQ(SensitiveFields(v, {"user", "theme"}), std::vector<std::string>{"user"});
}

}  // namespace
}  // namespace knox::flows
