#include "core/token/express.h"

#include <gtest/gtest.h>

#include "core/token/express_uri.h"
#include "core/token/registry.h"
#include "core/token/vector_file_test_util.h"

namespace knox::token {
namespace {

using testing::LoadVectors;
using testing::OutcomeOf;

std::unique_ptr<Signer> MakeSigner(std::vector<crypto::SecretBytes> secrets, bool strict = false) {
  Options o;
  o.secrets = std::move(secrets);
  o.strict = strict;
  auto s = ExpressCodec().NewSigner(o);
  EXPECT_TRUE(s.has_value());
  return std::move(*s);
}

// Every vector of interop/vectors/node.jsonl, produced by express-session itself.
TEST(ExpressVectors, MatchExpressSession) {
  auto vectors = LoadVectors("node.jsonl", "express");
  ASSERT_GE(vectors.size(), 50u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    const std::string token = testing::HeaderBytes(v.at("token"));
    if (v.at("op") == "sign") {
      auto signer = MakeSigner({crypto::SecretBytes(v.at("secret").get<std::string>())});
      auto out = signer->Sign(v.at("value").get<std::string>());
      ASSERT_TRUE(out.has_value());
      EXPECT_EQ(out->token, token);
      auto back = signer->Verify(out->token);
      ASSERT_TRUE(back.has_value());
      EXPECT_EQ(back->value, v.at("value").get<std::string>());
      continue;
    }
    auto signer = MakeSigner(testing::Secrets(v));
    auto got = signer->Verify(token);
    EXPECT_EQ(OutcomeOf(got), v.at("outcome").get<std::string>());
    if (got && v.at("outcome") == "ok") {
      EXPECT_EQ(got->value, v.at("value").get<std::string>());
    }
  }
}

TEST(Express, RotationReportsKeyIndex) {
  auto old_signer = MakeSigner({crypto::SecretBytes("old")});
  auto token = old_signer->Sign("abc");
  ASSERT_TRUE(token.has_value());
  auto both = MakeSigner({crypto::SecretBytes("new"), crypto::SecretBytes("old")});
  auto got = both->Verify(token->token);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->key_index, 1u);
}

TEST(Express, StrictRejectsWhatTheLibraryTolerates) {
  auto lenient = MakeSigner({crypto::SecretBytes("k")});
  auto strict = MakeSigner({crypto::SecretBytes("k")}, /*strict=*/true);
  const std::string good = lenient->Sign("id+1")->token;
  EXPECT_TRUE(strict->Verify(good).has_value());
  const std::string raw = *DecodeUriComponent(good);
  for (const std::string& variant :
       {raw, "\"" + good + "\"", " " + good, good + ";x", std::string("s%3a") + good.substr(4)}) {
    SCOPED_TRACE(variant);
    EXPECT_TRUE(lenient->Verify(variant).has_value());
    auto r = strict->Verify(variant);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
  }
}

TEST(Express, LimitsAndBadInput) {
  auto signer = MakeSigner({crypto::SecretBytes("k")});
  EXPECT_EQ(signer->Verify(std::string(70000, 'a')).error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(signer->Sign(std::string(70000, 'a')).error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(signer->Sign("\xff").error().code, ErrorCode::kInvalidArgument);
  // express-session reads an empty id as no cookie: signing one would make an unverifiable token
  // (found by token_verify_fuzzer).
  EXPECT_EQ(signer->Sign("").error().code, ErrorCode::kInvalidArgument);
  Options none;
  EXPECT_EQ(ExpressCodec().NewSigner(none).error().code, ErrorCode::kInvalidArgument);
  Options sha1;
  sha1.secrets.emplace_back("k");
  sha1.digest = crypto::Digest::kSha1;
  EXPECT_EQ(ExpressCodec().NewSigner(sha1).error().code, ErrorCode::kInvalidArgument);
}

TEST(Express, DecodeReadsTheIdWithoutAKey) {
  auto signer = MakeSigner({crypto::SecretBytes("k")});
  auto decoded = ExpressCodec().Decode(signer->Sign("sess/1")->token, Limits{});
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->payload, "sess/1");
  EXPECT_EQ(decoded->signature.size(), 43u);
  EXPECT_FALSE(ExpressCodec().Decode("plain-value", Limits{}).has_value());
  auto found = FindCodec("express");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, &ExpressCodec());
}

TEST(ExpressUri, EncodeAndDecodeFollowEcma262) {
  std::string out;
  ASSERT_TRUE(AppendEncodeUriComponent("a b!~*'()-_.\xc3\xa9/+", out));
  EXPECT_EQ(out, "a%20b!~*'()-_.%C3%A9%2F%2B");
  EXPECT_EQ(DecodeUriComponent("%C3%A9%2f"), "\xc3\xa9/");
  EXPECT_EQ(DecodeUriComponent("\xe9"), "\xc3\xa9");          // a latin1 header byte
  EXPECT_FALSE(DecodeUriComponent("%C0%80").has_value());     // overlong
  EXPECT_FALSE(DecodeUriComponent("%ED%A0%80").has_value());  // surrogate
  EXPECT_FALSE(DecodeUriComponent("%C3").has_value());        // truncated sequence
  EXPECT_FALSE(DecodeUriComponent("%4").has_value());
  EXPECT_FALSE(IsWellFormedUtf8("\xed\xa0\x80"));
}

}  // namespace
}  // namespace knox::token
