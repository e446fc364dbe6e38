#include "core/token/cookie_session.h"

#include <gtest/gtest.h>

#include "core/token/vector_file_test_util.h"

namespace knox::token {
namespace {

using testing::LoadVectors;
using testing::OutcomeOf;

std::unique_ptr<Signer> MakeSigner(std::vector<crypto::SecretBytes> secrets,
                                   std::string cookie_name, bool strict = false,
                                   std::optional<crypto::Digest> digest = std::nullopt) {
  Options o;
  o.secrets = std::move(secrets);
  o.cookie_name = std::move(cookie_name);
  o.strict = strict;
  o.digest = digest;
  auto s = CookieSessionCodec().NewSigner(o);
  EXPECT_TRUE(s.has_value());
  return std::move(*s);
}

// Every vector of interop/vectors/node.jsonl, produced by cookie-session + keygrip themselves.
TEST(CookieSessionVectors, MatchCookieSession) {
  auto vectors = LoadVectors("node.jsonl", "cookie-session");
  ASSERT_GE(vectors.size(), 50u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    const std::string name = v.at("cookie_name");
    std::optional<crypto::Digest> digest;
    if (v.contains("digest"))
      digest = crypto::ParseDigest(v.at("digest").get<std::string>()).value();
    if (v.at("op") == "sign") {
      auto signer =
          MakeSigner({crypto::SecretBytes(v.at("secret").get<std::string>())}, name, false, digest);
      auto out = signer->Sign(v.at("value").get<std::string>());
      ASSERT_TRUE(out.has_value());
      EXPECT_EQ(out->token, v.at("token").get<std::string>());
      EXPECT_EQ(out->signature, v.at("signature").get<std::string>());
      continue;
    }
    auto signer = MakeSigner(testing::Secrets(v), name, false, digest);
    const std::string sig = v.contains("signature") ? v.at("signature").get<std::string>() : "";
    auto got = signer->Verify(testing::HeaderBytes(v.at("token")), testing::HeaderBytes(sig));
    EXPECT_EQ(OutcomeOf(got), v.at("outcome").get<std::string>());
    if (got && v.at("outcome") == "ok") {
      EXPECT_EQ(got->value, v.at("value").get<std::string>());
    }
  }
}

TEST(CookieSession, StrictRejectsQuotesAndNonCanonicalBase64) {
  auto lenient = MakeSigner({crypto::SecretBytes("k")}, "session");
  auto strict = MakeSigner({crypto::SecretBytes("k")}, "session", /*strict=*/true);
  auto s = lenient->Sign(R"({"a":1})");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(strict->Verify(s->token, s->signature)->value, R"({"a":1})");
  auto quoted = strict->Verify("\"" + s->token + "\"", s->signature);
  EXPECT_EQ(quoted.error().code, ErrorCode::kMalformed);
  EXPECT_TRUE(lenient->Verify("\"" + s->token + "\"", s->signature).has_value());
  EXPECT_EQ(strict->Verify(s->token + ";x", s->signature).error().code, ErrorCode::kMalformed);
}

TEST(CookieSession, CookieNameIsSigned) {
  auto a = MakeSigner({crypto::SecretBytes("k")}, "a");
  auto b = MakeSigner({crypto::SecretBytes("k")}, "b");
  auto s = a->Sign("{}");
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(a->Verify(s->token, s->signature).has_value());
  EXPECT_EQ(b->Verify(s->token, s->signature).error().code, ErrorCode::kBadSignature);
}

TEST(CookieSession, DecodeAndLimits) {
  auto signer = MakeSigner({crypto::SecretBytes("k")}, "");
  auto s = signer->Sign(R"({"user":"z"})");
  ASSERT_TRUE(s.has_value());
  auto d = CookieSessionCodec().Decode(s->token, Limits{});
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->payload, R"({"user":"z"})");
  EXPECT_FALSE(CookieSessionCodec().Decode("not base64!", Limits{}).has_value());
  EXPECT_EQ(signer->Verify(std::string(70000, 'A'), "x").error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(signer->Sign("{not json").error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace knox::token
