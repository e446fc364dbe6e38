#include "conformance/flows/token_probe.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(v.kind, SessionKind::kSigned);
  ASSERT_TRUE(v.format);
  EXPECT_FALSE(v.random_part);
  EXPECT_EQ(ReadableFields(v), (std::vector<std::string>{"role", "user"}));
  EXPECT_EQ(SensitiveFields(ReadableFields(v)), (std::vector<std::string>{"role"}));
}

TEST(InspectToken, ExpressIdIsTheRandomPart) {
  const std::string t = SignWith("express", "keyboard cat", "Zx8v0aQ1");
  TokenView v = InspectToken("connect.sid", t, {{"connect.sid", t}});
  EXPECT_EQ(v.kind, SessionKind::kSigned);
  EXPECT_EQ(v.format, "express");
  EXPECT_EQ(v.random_part, "Zx8v0aQ1");
}

TEST(InspectToken, CookieSessionNeedsItsSigCompanion) {
  std::string sig;
  const std::string t =
      SignWith("cookie-session", "keyboard cat", R"({"user":"alice"})", &sig, "session");
  TokenView with = InspectToken("session", t, {{"session", t}, {"session.sig", sig}});
  EXPECT_EQ(with.kind, SessionKind::kSigned);
  EXPECT_EQ(with.signature_cookie, sig);
  TokenView without = InspectToken("session", t, {{"session", t}});
  EXPECT_TRUE(without.unsigned_candidate);
  EXPECT_EQ(without.kind, SessionKind::kUnsigned);
}

TEST(InspectToken, JwtKind) {
  const std::string t = SignWith("jwt", "secret", R"({"sub":"alice","email":"a@example.com"})");
  TokenView v = InspectToken("token", t, {{"token", t}});
  EXPECT_EQ(v.kind, SessionKind::kJwt);
  EXPECT_EQ(SensitiveFields(ReadableFields(v)), (std::vector<std::string>{"email"}));
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

TEST(SensitiveFields, Heuristic) {
  EXPECT_EQ(SensitiveFields({"_auth_user_id", "cart", "is_admin", "theme", "csrf_token", "Email"}),
            (std::vector<std::string>{"_auth_user_id", "is_admin", "csrf_token", "Email"}));
}

}  // namespace
}  // namespace knox::flows
