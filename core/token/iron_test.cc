#include "core/token/iron.h"

#include <gtest/gtest.h>

#include "core/base/base64.h"
#include "core/token/vector_file_test_util.h"

namespace knox::token {
namespace {

using testing::LoadVectors;
using testing::OutcomeOf;

constexpr std::string_view kPassword = "some_not_random_password_that_is_at_least_32_characters";

std::vector<std::string> SplitStar(const std::string& token) {
  std::vector<std::string> parts(1);
  for (char c : token) {
    if (c == '*') {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  return parts;
}

// interop/vectors/node.jsonl: @hapi/iron sealed and unsealed these with a frozen clock.
TEST(IronVectors, MatchHapiIron) {
  auto vectors = LoadVectors("node.jsonl", "iron");
  ASSERT_GE(vectors.size(), 25u);
  size_t resealed = 0;
  for (const auto& v : vectors) {
    const std::string name = v.at("name");
    SCOPED_TRACE(name);
    FakeClock clock(v.at("now_ms").get<int64_t>());
    Options o;
    o.secrets = testing::Secrets(v);
    o.clock = &clock;
    auto signer = IronCodec().NewSigner(o);
    ASSERT_TRUE(signer.has_value());
    const std::string token = v.at("token");
    auto got = (*signer)->Verify(token);
    EXPECT_EQ(OutcomeOf(got), v.at("outcome").get<std::string>());
    if (got && v.at("outcome") == "ok") {
      EXPECT_EQ(got->value, v.at("value").get<std::string>());
    }
    if (name.starts_with("sealed-")) {
      // Same salts and IV as iron drew: knox's seal must be byte-identical.
      auto parts = SplitStar(token);
      ASSERT_EQ(parts.size(), 8u);
      IronRandom random{parts[2], Base64DecodeNode(parts[3]), parts[6]};
      auto sealed = IronSeal(kPassword, v.at("value").get<std::string>(),
                             v.at("now_ms").get<int64_t>(), std::nullopt, random);
      ASSERT_TRUE(sealed.has_value());
      EXPECT_EQ(*sealed, token);
      ++resealed;
    }
  }
  EXPECT_GE(resealed, 5u);
}

TEST(Iron, SealUnsealWithTtlAndRotation) {
  FakeClock clock(1700000000000);
  Options o;
  o.secrets.emplace_back(kPassword);
  o.clock = &clock;
  o.max_age_seconds = 60;
  auto token = (*IronCodec().NewSigner(o))->Sign(R"({"a":[1,"é"]})");
  ASSERT_TRUE(token.has_value());
  Options v;
  v.secrets.emplace_back("another_password_that_is_at_least_32_characters_long!");
  v.secrets.emplace_back(kPassword);
  v.clock = &clock;
  auto signer = *IronCodec().NewSigner(v);
  auto got = signer->Verify(token->token);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->value, R"({"a":[1,"é"]})");
  EXPECT_EQ(got->key_index, 1u);
  auto decoded = IronCodec().Decode(token->token, Limits{});
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->expires, 1700000060);
  clock.SetMillis(1700000000000 + 60000 + 59999);
  EXPECT_TRUE(signer->Verify(token->token).has_value());
  clock.AdvanceMillis(1);
  EXPECT_EQ(signer->Verify(token->token).error().code, ErrorCode::kExpired);
}

TEST(Iron, ShortPasswordsAndProtoKeys) {
  Options o;
  o.secrets.emplace_back("short");
  auto signer = *IronCodec().NewSigner(o);
  EXPECT_EQ(signer->Sign("{}").error().code, ErrorCode::kInvalidArgument);
  IronRandom random{std::string(64, 'a'), std::string(16, '\1'), std::string(64, 'b')};
  auto sealed = IronSeal(kPassword, R"({"__proto__":{"x":1}})", 0, std::nullopt, random);
  ASSERT_TRUE(sealed.has_value());
  Options p;
  p.secrets.emplace_back(kPassword);
  EXPECT_EQ((*IronCodec().NewSigner(p))->Verify(*sealed).error().code, ErrorCode::kMalformed);
}

TEST(Iron, StrictRejectsLenientFields) {
  IronRandom random{std::string(64, 'a'), std::string(16, '\1'), std::string(64, 'b')};
  auto sealed = IronSeal(kPassword, "{}", 0, std::nullopt, random);
  ASSERT_TRUE(sealed.has_value());
  Options o;
  o.secrets.emplace_back(kPassword);
  EXPECT_TRUE((*IronCodec().NewSigner(o))->Verify(*sealed).has_value());
  o.strict = true;
  EXPECT_TRUE((*IronCodec().NewSigner(o))->Verify(*sealed).has_value());
  EXPECT_EQ((*IronCodec().NewSigner(o))->Verify(std::string(70000, '*')).error().code,
            ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace knox::token
