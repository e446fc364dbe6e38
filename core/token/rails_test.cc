// `rails-signed` and `rails-encrypted` against interop/vectors/rails.jsonl, made by
// interop/rails/gen_vectors.rb with Rails 6.1's own cookie jars: every signed cookie Rails wrote
// must be what knox signs, and every cookie must be read (or refused) as Rails reads it.
#include <gtest/gtest.h>

#include <string>

#include "core/base/base64.h"
#include "core/token/codecs.h"
#include "core/token/rack_cookie_value.h"
#include "core/token/rails_message.h"
#include "core/token/registry.h"
#include "core/token/vector_file_test_util.h"

namespace knox::token {
namespace {

using testing::LoadVectors;
using testing::OutcomeOf;

constexpr int64_t kVectorNowMillis = 1'700'000'100'000;  // after T0, before the far expiries

Options OptionsOf(const Json& v, const FakeClock& clock) {
  Options o;
  if (v.contains("secret")) {
    o.secrets.emplace_back(v.at("secret").get<std::string>());
  } else {
    o.secrets = testing::Secrets(v);
  }
  o.digest = *crypto::ParseDigest(v.at("digest").get<std::string>());
  if (!v.at("cookie_name").is_null()) o.cookie_name = v.at("cookie_name").get<std::string>();
  if (v.contains("expires") && !v.at("expires").is_null()) {
    o.expires = v.at("expires").get<int64_t>();
  }
  o.clock = &clock;
  return o;
}

void CheckVectors(const Codec& codec, size_t at_least) {
  const FakeClock clock(kVectorNowMillis);
  auto vectors = LoadVectors("rails.jsonl", std::string(codec.name()));
  ASSERT_GE(vectors.size(), at_least);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    auto signer = codec.NewSigner(OptionsOf(v, clock));
    ASSERT_TRUE(signer.has_value()) << signer.error().message;
    if (v.at("op") == "sign") {
      auto out = (*signer)->Sign(v.at("value").get<std::string>());
      ASSERT_TRUE(out.has_value()) << out.error().message;
      EXPECT_EQ(out->token, v.at("token").get<std::string>());
      continue;
    }
    auto got = (*signer)->Verify(v.at("token").get<std::string>());
    EXPECT_EQ(OutcomeOf(got), v.at("outcome").get<std::string>())
        << (got ? "" : got.error().message);
    if (!got || v.at("outcome") != "ok") continue;
    EXPECT_EQ(ParseJson(got->value).value(), ParseJson(v.at("value").get<std::string>()).value());
    if (v.at("name").get<std::string>().find("rotation-old-secret") != std::string::npos) {
      EXPECT_EQ(got->key_index, 1u);
    }
  }
}

TEST(RailsVectors, SignedJarMatchesRails) { CheckVectors(RailsSignedCodec(), 20); }

TEST(RailsVectors, EncryptedJarMatchesRails) { CheckVectors(RailsEncryptedCodec(), 16); }

// Every cookie Rails writes is recognised without a key, as the right format.
TEST(RailsVectors, DetectedWithoutKey) {
  for (const auto& v : LoadVectors("rails.jsonl", "rails-encrypted")) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    const std::string name = v.at("name");
    if (name.find("short-tag") != std::string::npos || name.find("tampered") != std::string::npos) {
      continue;  // not the shape Rails writes
    }
    auto d = DetectAndDecode(v.at("token").get<std::string>());
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->format, "rails-encrypted");
    EXPECT_TRUE(d->encrypted);
  }
  for (const auto& v : LoadVectors("rails.jsonl", "rails-signed")) {
    const std::string name = v.at("name");
    SCOPED_TRACE(name);
    if (v.at("op") != "sign" || name == "sign-no-metadata") continue;
    auto d = DetectAndDecode(v.at("token").get<std::string>());
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->format, "rails-signed");
    EXPECT_EQ(ParseJson(d->payload).value(), ParseJson(v.at("value").get<std::string>()).value());
    EXPECT_NE(d->notes.find("purpose cookie."), std::string::npos) << d->notes;
  }
}

Options SecretOptions(std::string secret, std::string cookie = "_app_session") {
  Options o;
  o.secrets.emplace_back(secret);
  o.cookie_name = std::move(cookie);
  return o;
}

TEST(RailsEncrypted, SignedValuesVerifyAndUseFreshIvs) {
  auto signer = RailsEncryptedCodec().NewSigner(SecretOptions("k")).value();
  auto a = signer->Sign(R"({"session_id":"x","n":[1,2.5,null]})").value();
  auto b = signer->Sign(R"({"session_id":"x","n":[1,2.5,null]})").value();
  EXPECT_NE(a.token, b.token);
  EXPECT_EQ(signer->Verify(a.token).value().value, R"({"session_id":"x","n":[1,2.5,null]})");
  auto other = RailsEncryptedCodec().NewSigner(SecretOptions("k", "remember")).value();
  EXPECT_EQ(other->Verify(a.token).error().code, ErrorCode::kBadSignature);
  auto d = DetectAndDecode(a.token).value();
  EXPECT_EQ(d.format, "rails-encrypted");
  EXPECT_EQ(d.payload.find("session_id"), std::string::npos);  // nothing readable
}

// An encrypted-jar cookie whose first base64 byte is 0x80 ('g…') passed for Fernet when Fernet's
// keyless decode read base64 as leniently as Python does (found by fuzz/rails_fuzzer in CI).
TEST(RailsEncrypted, CookieStartingLikeFernetIsStillRails) {
  const std::string token =
      "gMKSGdf0dECj69E8pIz6M8OmNbpcuVedkYo%2Frxic3yQoL8NKy8kZeofj8EoWHP%2FQt%2FDVZVhQnBb8gHkRLrRVk2"
      "RsZKrdpt4c31r3hiqARLoWYFtRzSVtd%2Fss3ugTaxbaOqIb2Z5zWmbE4qOyjc5fS6JcAha3c2yzOxA0NwhhlQPBrxjP"
      "0XFyDOFsA2DZWY6Tfk9TRvUaoiU0HgSqrKAKolrF7s29--Rtu18ztQCvzwjkgt--j7obEZs%2B%2BfLE64N40wItCw%"
      "3D"
      "%3D";
  auto d = DetectAndDecode(token);
  ASSERT_TRUE(d.has_value()) << d.error().message;
  EXPECT_EQ(d->format, "rails-encrypted");
  EXPECT_FALSE(FernetCodec().Decode(token, Limits{}).has_value());
}

TEST(RailsSigned, StrictRefusesWhatRailsWouldNotWrite) {
  Options o = SecretOptions("sekrit", "user");
  auto signer = RailsSignedCodec().NewSigner(o).value();
  const std::string token = signer->Sign(R"({"a":1})").value().token;
  o.strict = true;
  auto strict = RailsSignedCodec().NewSigner(o).value();
  EXPECT_TRUE(strict->Verify(token).has_value());
  const std::string raw = RackCookieValue(token);
  EXPECT_TRUE(signer->Verify(raw + "--tail").has_value());  // Rails ignores a third part
  EXPECT_EQ(strict->Verify(RackEscape(raw + "--tail")).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(strict->Verify(raw).error().code, ErrorCode::kMalformed);  // not escaped as Rack does
}

TEST(RailsSigned, ExpiresIsWrittenAndChecked) {
  Options o = SecretOptions("sekrit", "user");
  o.expires = 1'700'000'060;
  const std::string token = RailsSignedCodec().NewSigner(o).value()->Sign("1").value().token;
  o.expires = int64_t{300'000'000'000};
  EXPECT_EQ(RailsSignedCodec().NewSigner(o).error().code, ErrorCode::kInvalidArgument);
  auto d = RailsSignedCodec().Decode(token, {}).value();
  ASSERT_TRUE(d.expires.has_value());
  EXPECT_EQ(*d.expires, 1'700'000'060);
  const FakeClock before(1'700'000'059'999), after(1'700'000'060'000);
  Options v = SecretOptions("sekrit", "user");
  v.clock = &before;
  EXPECT_TRUE(RailsSignedCodec().NewSigner(v).value()->Verify(token).has_value());
  v.clock = &after;
  EXPECT_EQ(RailsSignedCodec().NewSigner(v).value()->Verify(token).error().code,
            ErrorCode::kExpired);
}

TEST(RailsSigned, KeyGeneratorDigestIsNeverGuessed) {
  Options o = SecretOptions("sekrit", "user");
  o.digest = crypto::Digest::kSha256;
  const std::string token = RailsSignedCodec().NewSigner(o).value()->Sign("1").value().token;
  EXPECT_EQ(RailsSignedCodec()
                .NewSigner(SecretOptions("sekrit", "user"))
                .value()
                ->Verify(token)
                .error()
                .code,
            ErrorCode::kBadSignature);
  o.digest = crypto::Digest::kSha512;
  EXPECT_EQ(RailsSignedCodec().NewSigner(o).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(RailsSignedCodec().NewSigner(Options{}).error().code, ErrorCode::kInvalidArgument);
}

TEST(RailsSigned, EnvelopeLessHashIsLeftToRack) {
  Options o = SecretOptions("sekrit", "");
  const std::string token =
      RailsSignedCodec().NewSigner(o).value()->Sign(R"({"a":1})").value().token;
  EXPECT_FALSE(RailsSignedCodec().Decode(token, {}).has_value());
  EXPECT_TRUE(RailsSignedCodec().NewSigner(o).value()->Verify(token).has_value());
  const std::string scalar = RailsSignedCodec().NewSigner(o).value()->Sign("7").value().token;
  EXPECT_EQ(RailsSignedCodec().Decode(scalar, {}).value().payload, "7");
}

TEST(RailsMessage, ActiveSupportJson) {
  EXPECT_EQ(rails::ActiveSupportJson(ParseJson(R"(["<&>", "a\u2028b", "\u0001", "é/"])").value()),
            R"(["\u003c\u0026\u003e","a\u2028b","\u0001","é/"])");
  EXPECT_EQ(rails::ActiveSupportJson(
                ParseJson("[1.5,100.0,1e20,1e15,1e14,0.0001,1e-5,-0.0,0.1,123456789.125]").value()),
            "[1.5,100.0,1.0e+20,1.0e+15,100000000000000.0,0.0001,1.0e-05,-0.0,0.1,123456789.125]");
  EXPECT_EQ(rails::ActiveSupportJson(ParseJson(R"({"a":null,"b":[true,false],"c":-3})").value()),
            R"({"a":null,"b":[true,false],"c":-3})");
}

TEST(RailsMessage, Iso8601) {
  EXPECT_EQ(rails::Iso8601Millis(1'700'000'000'123), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(rails::ParseIso8601("2023-11-14T22:13:20.123Z").value(), 1'700'000'000'123);
  EXPECT_EQ(rails::ParseIso8601(" 2023-11-14t23:13:20+01:00 ").value(), 1'700'000'000'000);
  EXPECT_EQ(rails::ParseIso8601("2023-11-14T22:13:20.5").value(), 1'700'000'000'500);
  EXPECT_EQ(rails::ParseIso8601("2023-02-31T00:00:00Z").value(),
            rails::ParseIso8601("2023-03-03T00:00:00Z").value());  // Time.utc rolls over
  for (const char* bad : {"", "2023-11-14", "2023-13-01T00:00:00Z", "2023-11-14T22:13:20Zx",
                          "2023-11-14T22:13:20.Z", "x2023-11-14T22:13:20Z"}) {
    EXPECT_FALSE(rails::ParseIso8601(bad).has_value()) << bad;
  }
}

TEST(RailsMessage, SplitDashesAsRubySplit) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(rails::SplitDashes("a--b"), (V{"a", "b"}));
  EXPECT_EQ(rails::SplitDashes("a----b--"), (V{"a", "", "b"}));
  EXPECT_EQ(rails::SplitDashes("--"), V{});
  EXPECT_EQ(rails::SplitDashes("--b"), (V{"", "b"}));
}

TEST(RailsMessage, EnvelopeErrors) {
  const auto unwrap = [](std::string_view text) { return rails::Unwrap(text, {}); };
  EXPECT_FALSE(unwrap(R"({"a":1})").value().has_envelope);
  EXPECT_EQ(unwrap(R"({"_rails":"x"})").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(unwrap(R"({"_rails":{"message":"!!"}})").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(unwrap(R"({"_rails":{"message":"MQ==","exp":5}})").error().code, ErrorCode::kMalformed);
  auto m = unwrap(R"({"_rails":{"message":"MQ==","exp":null,"pur":7}})").value();
  EXPECT_EQ(m.serialized, "1");
  EXPECT_EQ(m.purpose.value(), "7");
  EXPECT_EQ(rails::CheckPurposeAndExpiry(m, "user", 0).error().code, ErrorCode::kBadSignature);
  EXPECT_TRUE(rails::CheckPurposeAndExpiry(m, "", 0).has_value());
}

}  // namespace
}  // namespace knox::token
