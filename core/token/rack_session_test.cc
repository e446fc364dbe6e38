// `rack` against interop/vectors/rack.jsonl, made by interop/ruby/gen_vectors.rb with Rack 2.2
// itself: every token Rack wrote must be what knox signs, and every cookie must verify (or fail)
// as Rack read it.
#include <gtest/gtest.h>

#include <string>

#include "core/base/base64.h"
#include "core/crypto/hmac.h"
#include "core/token/codecs.h"
#include "core/token/registry.h"
#include "core/token/vector_file_test_util.h"

namespace knox::token {
namespace {

using testing::LoadVectors;
using testing::OutcomeOf;

std::unique_ptr<Signer> MakeSigner(std::vector<crypto::SecretBytes> secrets,
                                   const std::string& digest, bool strict = false) {
  Options o;
  o.secrets = std::move(secrets);
  o.digest = *crypto::ParseDigest(digest);
  o.strict = strict;
  auto s = RackCodec().NewSigner(o);
  EXPECT_TRUE(s.has_value());
  return std::move(*s);
}

TEST(RackVectors, MatchRack) {
  auto vectors = LoadVectors("rack.jsonl", "rack");
  ASSERT_GE(vectors.size(), 40u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    if (v.at("op") == "sign") {
      auto signer =
          MakeSigner({crypto::SecretBytes(v.at("secret").get<std::string>())}, v.at("digest"));
      auto out = signer->Sign(v.at("value").get<std::string>());
      ASSERT_TRUE(out.has_value()) << out.error().message;
      EXPECT_EQ(out->token, v.at("token").get<std::string>());
      continue;
    }
    auto signer = MakeSigner(testing::Secrets(v), v.at("digest"));
    auto got = signer->Verify(v.at("token").get<std::string>());
    EXPECT_EQ(OutcomeOf(got), v.at("outcome").get<std::string>());
    if (!got || v.at("outcome") != "ok") continue;
    EXPECT_EQ(ParseJson(got->value).value(), ParseJson(v.at("value").get<std::string>()).value());
    if (v.at("name") == "rotation-old-secret") {
      EXPECT_EQ(got->key_index, 1u);
    }
    // Every cookie Rack loads in the shape Rack writes is recognised without a key.
    const std::string token = v.at("token");
    if (token.find('%') != std::string::npos && token.find(';') == std::string::npos &&
        v.value("coder", "marshal") == "marshal" && v.at("name") != "lowercase-escapes" &&
        v.at("name").get<std::string>().find("base64") == std::string::npos) {
      auto d = DetectAndDecode(token);
      ASSERT_TRUE(d.has_value());
      EXPECT_EQ(d->format, "rack");
      EXPECT_EQ(ParseJson(d->payload).value(), ParseJson(got->value).value());
    }
  }
}

TEST(Rack, StrictRefusesWhatRackWouldNotWrite) {
  auto lenient = MakeSigner({crypto::SecretBytes("k")}, "sha1");
  auto strict = MakeSigner({crypto::SecretBytes("k")}, "sha1", /*strict=*/true);
  auto s = lenient->Sign(R"({"session_id":"abc","user":"x"})");
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(strict->Verify(s->token).has_value());
  EXPECT_TRUE(lenient->Verify(s->token + ";x").has_value());
  EXPECT_EQ(strict->Verify(s->token + ";x").error().code, ErrorCode::kMalformed);
}

TEST(Rack, SignNeedsASessionRackWouldLoad) {
  auto signer = MakeSigner({crypto::SecretBytes("k")}, "sha1");
  EXPECT_EQ(signer->Sign("[1]").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(signer->Sign("null").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(signer->Sign(R"({"@ruby":"Link","index":0})").error().code, ErrorCode::kMalformed);
  EXPECT_TRUE(signer->Sign(R"({"@ruby":"Hash","pairs":[],"default":0})").has_value());
  auto ok = signer->Sign(
      R"({"session_id":{"@ruby":"Object","class":"Rack::Session::SessionId","ivars":{"@public_id":"ab"}}})");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(
      signer->Verify(ok->token)->value,
      R"({"session_id":{"@ruby":"Object","class":"Rack::Session::SessionId","ivars":{"@public_id":"ab"}}})");
}

// Whatever knox signs, knox verifies: a value whose Marshal form the reader would refuse (too
// deep once strings take their 'I' wrapper) is refused when signing.
TEST(Rack, SignedValuesAlwaysVerify) {
  auto signer = MakeSigner({crypto::SecretBytes("k")}, "sha1");
  for (int depth : {10, 62, 63, 64}) {
    SCOPED_TRACE(depth);
    std::string value = R"({"a":)" + std::string(static_cast<size_t>(depth - 2), '[') + "\"x\"" +
                        std::string(static_cast<size_t>(depth - 2), ']') + "}";
    auto s = signer->Sign(value);
    if (!s) {
      EXPECT_EQ(s.error().code, ErrorCode::kLimitExceeded);
      continue;
    }
    EXPECT_TRUE(signer->Verify(s->token).has_value());
  }
}

TEST(Rack, CrackPlanIsTheHmacOfTheData) {
  auto signer = MakeSigner({crypto::SecretBytes("change_me")}, "sha1");
  auto s = signer->Sign(R"({"session_id":"abc"})");
  ASSERT_TRUE(s.has_value());
  auto plan = RackCodec().PlanMac(Options{}, s->token, "");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->key_rule, KeyRule::kRaw);
  EXPECT_EQ(crypto::HmacKey(crypto::Digest::kSha1, "change_me").Sign(plan->message), plan->mac);
  Options sha512;
  sha512.digest = crypto::Digest::kSha512;
  EXPECT_FALSE(RackCodec().PlanMac(sha512, s->token, "").has_value());
}

TEST(Rack, OptionsThatDoNotApply) {
  const auto& t = RackCodec().traits();
  EXPECT_TRUE(CheckOptionsApply(t, OptionSet{Opt::kDigest, Opt::kStrict}, false).has_value());
  for (Opt o : {Opt::kSalt, Opt::kMaxAge, Opt::kCookieName, Opt::kSignature, Opt::kTimestamp}) {
    EXPECT_FALSE(CheckOptionsApply(t, OptionSet{o}, false).has_value()) << OptFlag(o);
  }
}

TEST(Rack, RubyUnpackM) {
  EXPECT_EQ(Base64DecodeRuby("YWJj"), "abc");
  EXPECT_EQ(Base64DecodeRuby("YW\nJj"), "abc");
  EXPECT_EQ(Base64DecodeRuby("YQ"), "a");  // no padding needed
  EXPECT_EQ(Base64DecodeRuby("YWI"), "ab");
  EXPECT_EQ(Base64DecodeRuby("YQ==YWJj"), "a");  // '=' ends decoding
  EXPECT_EQ(Base64DecodeRuby("=YQ"), "a");       // but is skipped where a group starts
  EXPECT_EQ(Base64DecodeRuby("Y-W_Jj"), "abc");  // URL alphabet is junk
  EXPECT_EQ(Base64DecodeRuby("Y"), "");
}

TEST(Rack, DecodeClaimsOnlyRackShapes) {
  EXPECT_FALSE(RackCodec().Decode("abc--def", Limits{}).has_value());
  // Marshal of {"session_id"=>"abc"} without a digest: an unsigned Rack cookie.
  const std::string data = "BAh7BkkiD3Nlc3Npb25faWQGOgZFVEkiCGFiYwY7AFQ=";
  auto d = RackCodec().Decode(data, Limits{});
  ASSERT_TRUE(d.has_value()) << d.error().message;
  EXPECT_EQ(d->payload, R"({"session_id":"abc"})");
  EXPECT_EQ(d->notes, "Marshal coder, no digest (Rack without a secret)");
  EXPECT_FALSE(RackCodec().Decode(data + "--ABCDEF", Limits{}).has_value());
  // Plain base64 JSON without a digest is cookie-session's shape, not claimed.
  EXPECT_FALSE(RackCodec().Decode("eyJzZXNzaW9uX2lkIjoiYSJ9", Limits{}).has_value());
  EXPECT_EQ(DetectAndDecode("eyJzZXNzaW9uX2lkIjoiYSJ9")->format, "cookie-session");
}

}  // namespace
}  // namespace knox::token
