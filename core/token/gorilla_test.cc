// `gorilla` against interop/vectors/gorilla.jsonl, made by interop/go with the real
// gorilla/securecookie 1.1.1 and gorilla/sessions 1.2.1: every cookie the CookieStore wrote must be
// what knox signs, and every cookie must be read (or refused) as the CookieStore reads it, except
// where docs/formats.md documents knox's other answer (`knox_outcome`).
#include "core/token/gorilla.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/base/base64.h"
#include "core/base/hex.h"
#include "core/base/test_paths.h"
#include "core/crypto/aes.h"
#include "core/crypto/hmac.h"
#include "core/token/codecs.h"
#include "core/token/go_gob.h"
#include "core/token/go_gob_json.h"
#include "core/token/go_json.h"
#include "core/token/go_json_test_util.h"
#include "core/token/registry.h"
#include "core/token/vector_file_test_util.h"

namespace knox::token {
namespace {

using testing::LoadVectors;
using testing::OutcomeOf;
using testing::SameJson;

constexpr int64_t kT0 = 1'700'000'000;

Options OptionsOf(const Json& v, const FakeClock& clock) {
  Options o;
  o.secrets = testing::Secrets(v);
  if (v.contains("block_keys")) {
    for (const auto& k : v.at("block_keys")) o.block_keys.emplace_back(k.get<std::string>());
  }
  o.digest = *crypto::ParseDigest(v.at("digest").get<std::string>());
  o.cookie_name = v.at("cookie_name").get<std::string>();
  if (v.contains("serializer")) o.serializer = v.at("serializer").get<std::string>();
  if (v.contains("max_age")) o.max_age_seconds = v.at("max_age").get<int64_t>();
  if (v.contains("timestamp")) o.timestamp = v.at("timestamp").get<int64_t>();
  o.clock = &clock;
  return o;
}

std::string Serialized(const Json& v) {
  const Json value = ParseJson(v.at("value").get<std::string>()).value();
  if (v.value("serializer", "") == "json") return gojson::Encode(value).value();
  return gob::WriteSession(gob::SessionFromJson(value).value()).value();
}

TEST(GorillaVectors, SignsWhatTheCookieStoreWrote) {
  auto vectors = LoadVectors("gorilla.jsonl", "gorilla");
  size_t signs = 0;
  for (const auto& v : vectors) {
    if (v.at("op") != "sign") continue;
    ++signs;
    SCOPED_TRACE(v.at("name").get<std::string>());
    const FakeClock clock(kT0 * 1000);
    auto signer = GorillaCodec().NewSigner(OptionsOf(v, clock));
    ASSERT_TRUE(signer.has_value()) << signer.error().message;
    const std::string token = v.at("token");
    if (!v.contains("block_keys")) {
      auto out = (*signer)->Sign(v.at("value").get<std::string>());
      ASSERT_TRUE(out.has_value()) << out.error().message;
      EXPECT_EQ(out->token, token);
      continue;
    }
    // Encrypted: the same bytes with the IV the library drew; and knox's own (random IV) reads
    // back.
    auto encoded = gorilla::Encode(Serialized(v), v.at("cookie_name").get<std::string>(), kT0,
                                   *crypto::ParseDigest(v.at("digest").get<std::string>()),
                                   v.at("secrets")[0].get<std::string>(),
                                   v.at("block_keys")[0].get<std::string>(),
                                   HexDecode(v.at("iv").get<std::string>()).value());
    ASSERT_TRUE(encoded.has_value()) << encoded.error().message;
    EXPECT_EQ(*encoded, token);
    auto own = (*signer)->Sign(v.at("value").get<std::string>());
    ASSERT_TRUE(own.has_value());
    EXPECT_NE(own->token, token);
    EXPECT_TRUE((*signer)->Verify(own->token).has_value());
  }
  EXPECT_GE(signs, 18u);
}

TEST(GorillaVectors, ReadsAsTheCookieStoreReads) {
  auto vectors = LoadVectors("gorilla.jsonl", "gorilla");
  size_t reads = 0;
  for (const auto& v : vectors) {
    if (v.at("op") != "verify") continue;
    ++reads;
    SCOPED_TRACE(v.at("name").get<std::string>());
    const FakeClock clock(v.at("now").get<int64_t>() * 1000);
    auto signer = GorillaCodec().NewSigner(OptionsOf(v, clock));
    ASSERT_TRUE(signer.has_value()) << signer.error().message;
    auto got = (*signer)->Verify(v.at("token").get<std::string>());
    const std::string expected = v.value("knox_outcome", v.at("outcome").get<std::string>());
    EXPECT_EQ(OutcomeOf(got), expected == "ok" ? "ok" : expected)
        << (got ? got->value : got.error().message);
    if (!got || v.at("outcome") != "ok") continue;
    EXPECT_TRUE(SameJson(ParseJson(got->value).value(),
                         ParseJson(v.at("value").get<std::string>()).value()))
        << got->value << "\n"
        << v.at("value").get<std::string>();
    EXPECT_EQ(got->key_index, v.at("key_index").get<size_t>());
    EXPECT_TRUE(got->timestamp.has_value());
  }
  EXPECT_GE(reads, 50u);
}

// Every cookie the library wrote is recognised without a key; what it shows is what the key shows.
TEST(GorillaVectors, DetectedWithoutKey) {
  for (const auto& v : LoadVectors("gorilla.jsonl", "gorilla")) {
    if (v.at("op") != "sign") continue;
    SCOPED_TRACE(v.at("name").get<std::string>());
    auto d = DetectAndDecode(v.at("token").get<std::string>());
    ASSERT_TRUE(d.has_value()) << d.error().message;
    EXPECT_EQ(d->format, "gorilla");
    EXPECT_EQ(d->timestamp, kT0);
    EXPECT_EQ(d->encrypted, v.contains("block_keys"));
    if (!d->encrypted) {
      EXPECT_TRUE(SameJson(ParseJson(d->payload).value(),
                           ParseJson(v.at("value").get<std::string>()).value()))
          << d->payload;
    }
  }
}

// Every other format's vector tokens, made by their real libraries, are not gorilla's: the
// registry places gorilla before most of them, so its keyless decode must never claim them.
TEST(GorillaVectors, OtherFormatsTokensAreNotClaimed) {
  size_t tokens = 0;
  for (const char* file :
       {"python.jsonl", "node.jsonl", "jwt_fernet.jsonl", "rack.jsonl", "rails.jsonl"}) {
    std::ifstream in(test_support::SourceDir() + "/interop/vectors/" + file);
    ASSERT_TRUE(in) << file;
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      const Json v = Json::parse(line);
      if (!v.contains("token") || !v.at("token").is_string()) continue;
      ++tokens;
      const std::string token = v.at("token");
      EXPECT_FALSE(GorillaCodec().Decode(token, {}).has_value())
          << file << " " << v.value("name", "");
      auto detected = DetectAndDecode(token);
      if (detected) {
        EXPECT_NE(detected->format, "gorilla") << file << " " << v.value("name", "");
      }
    }
  }
  EXPECT_GE(tokens, 1000u);
}

Options Basic(std::string secret = "k") {
  Options o;
  o.secrets.emplace_back(secret);
  o.cookie_name = "session";
  o.timestamp = kT0;
  return o;
}

TEST(Gorilla, OptionErrors) {
  Options o = Basic();
  o.cookie_name.clear();
  auto e = GorillaCodec().NewSigner(o);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(e.error().message.find("--cookie-name"), std::string::npos);
  o = Basic();
  o.block_keys.emplace_back("short");
  EXPECT_EQ(GorillaCodec().NewSigner(o).error().code, ErrorCode::kInvalidArgument);
  o = Basic();
  o.block_keys.emplace_back(std::string(16, 'b'));
  o.block_keys.emplace_back(std::string(16, 'c'));
  EXPECT_EQ(GorillaCodec().NewSigner(o).error().code, ErrorCode::kInvalidArgument);
  o = Basic();
  o.serializer = "xml";
  EXPECT_EQ(GorillaCodec().NewSigner(o).error().code, ErrorCode::kInvalidArgument);
  o = Basic();
  o.secrets.clear();
  EXPECT_EQ(GorillaCodec().NewSigner(o).error().code, ErrorCode::kInvalidArgument);
}

TEST(Gorilla, SignRefusesWhatSessionsCannotHold) {
  auto signer = GorillaCodec().NewSigner(Basic()).value();
  EXPECT_EQ(signer->Sign(R"({"o":{"a":1}})").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(signer->Sign(R"([1,2])").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(signer->Sign("not json").error().code, ErrorCode::kMalformed);
  const std::string big = R"({"a":")" + std::string(4000, 'x') + R"("})";
  EXPECT_EQ(signer->Sign(big).error().code, ErrorCode::kInvalidArgument);  // over 4096 bytes
}

// Encrypted cookies verified without their block key: the MAC proves the hash key and the value
// is shown as the bytes it is; signing those bytes gives the cookie back.
TEST(Gorilla, OpaqueWithoutBlockKey) {
  Options with_block = Basic();
  with_block.block_keys.emplace_back(std::string(32, 'b'));
  const std::string token =
      GorillaCodec().NewSigner(with_block).value()->Sign(R"({"user":"x"})").value().token;
  const FakeClock clock(kT0 * 1000);
  Options hash_only = Basic();
  hash_only.clock = &clock;
  auto verified = GorillaCodec().NewSigner(hash_only).value()->Verify(token);
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  const Json shown = ParseJson(verified->value).value();
  EXPECT_EQ(shown["@go"], "opaque");
  EXPECT_EQ(GorillaCodec().NewSigner(hash_only).value()->Sign(verified->value).value().token,
            token);
  EXPECT_EQ(GorillaCodec().NewSigner(with_block).value()->Sign(verified->value).error().code,
            ErrorCode::kInvalidArgument);
  // With a wrong block key the library fails to deserialize, and so does knox — also when the
  // garbage starts like a JSON number (JSONEncoder ends its value with a newline).
  Options wrong = Basic();
  wrong.clock = &clock;
  wrong.block_keys.emplace_back(std::string(32, 'w'));
  EXPECT_EQ(GorillaCodec().NewSigner(wrong).value()->Verify(token).error().code,
            ErrorCode::kMalformed);
  const std::string iv(16, 'i');
  const std::string numberish =
      crypto::AesCtr(std::string(32, 'w'), iv, "7 is not all JSON\x01\x02").value();
  const std::string fixed =
      gorilla::Encode(crypto::AesCtr(std::string(32, 'b'), iv, numberish).value(), "session", kT0,
                      crypto::Digest::kSha256, "k", std::string(32, 'b'), iv)
          .value();
  EXPECT_EQ(GorillaCodec().NewSigner(wrong).value()->Verify(fixed).error().code,
            ErrorCode::kMalformed);
  auto d = DetectAndDecode(token).value();
  EXPECT_EQ(d.format, "gorilla");
  EXPECT_TRUE(d.encrypted);
  EXPECT_EQ(d.payload, verified->value);  // the opaque bytes, which the hash key alone re-signs
}

TEST(Gorilla, StrictRefusesWhatTheLibraryAccepts) {
  const FakeClock clock(kT0 * 1000);
  Options o = Basic();
  o.clock = &clock;
  const std::string token = GorillaCodec().NewSigner(o).value()->Sign(R"({"a":1})").value().token;
  o.strict = true;
  auto strict = GorillaCodec().NewSigner(o).value();
  EXPECT_TRUE(strict->Verify(token).has_value());
  for (const std::string& variant : {"\"" + token + "\"", token + "; x=1", token + " "}) {
    EXPECT_EQ(strict->Verify(variant).error().code, ErrorCode::kMalformed) << variant;
    o.strict = false;
    EXPECT_TRUE(GorillaCodec().NewSigner(o).value()->Verify(variant).has_value()) << variant;
    o.strict = true;
  }
}

TEST(Gorilla, JsonSerializerWritesWhatGoWrites) {
  EXPECT_EQ(gojson::Encode(ParseJson(R"({"b":1,"a":"<&>\u2028\u0001\b\f\n","c":[1e21,1e-7,
      123456789.0,0.000001,-0.0,1e20,12345678901234567890,0.1,100]})")
                               .value())
                .value(),
            "{\"a\":\"\\u003c\\u0026\\u003e\\u2028\\u0001\\u0008\\u000c\\n\",\"b\":1,\"c\":[1e+21,"
            "1e-7,123456789,0.000001,-0,100000000000000000000,12345678901234567000,0.1,100]}\n");
  EXPECT_EQ(gojson::FormatFloat(1.5e-7), "1.5e-7");
  EXPECT_EQ(gojson::FormatFloat(2.5e300), "2.5e+300");
  EXPECT_EQ(gojson::FormatFloat(0.5), "0.5");
}

TEST(Gorilla, JsonReaderFindsTheFirstValueAsGoDoes) {
  struct Case {
    std::string in;
    std::string out;  // "" = refused
  };
  const Case cases[] = {{"{}x", "{}"},
                        {"1x", "1"},
                        {"01", "0"},
                        {"truex", "true"},
                        {" [1,2] ]", "[1,2]"},
                        {"\"\xff\"", "\"\xef\xbf\xbd\""},
                        {"1e400", ""},
                        {"-", ""},
                        {"tru", ""},
                        {"[1 2]", ""},
                        {"", ""},
                        {"{\"a\":1,\"a\":2}", "{\"a\":2}"}};
  for (const auto& c : cases) {
    auto doc = gojson::DecodeFirst(c.in);
    if (c.out.empty()) {
      EXPECT_FALSE(doc.has_value()) << c.in;
    } else {
      ASSERT_TRUE(doc.has_value()) << c.in;
      EXPECT_EQ(doc->dump(), c.out) << c.in;
    }
  }
}

TEST(Gorilla, CookieValueAndParseInt) {
  EXPECT_EQ(gorilla::CookieValue("abc; x=1").value(), "abc");
  EXPECT_EQ(gorilla::CookieValue("\"abc\"  ").value(), "abc");
  EXPECT_EQ(gorilla::CookieValue(" abc").value(), " abc");
  EXPECT_FALSE(gorilla::CookieValue("a\\b").has_value());
  EXPECT_FALSE(gorilla::CookieValue("a\tb").has_value());
  EXPECT_EQ(gorilla::ParseGoInt("+5"), 5);
  EXPECT_EQ(gorilla::ParseGoInt("-0"), 0);
  EXPECT_EQ(gorilla::ParseGoInt("007"), 7);
  EXPECT_EQ(gorilla::ParseGoInt("-9223372036854775808"), INT64_MIN);
  EXPECT_FALSE(gorilla::ParseGoInt("9223372036854775808").has_value());
  EXPECT_FALSE(gorilla::ParseGoInt(" 5").has_value());
  EXPECT_FALSE(gorilla::ParseGoInt("1_0").has_value());
  EXPECT_FALSE(gorilla::ParseGoInt("").has_value());
  EXPECT_FALSE(gorilla::ParseGoInt("-").has_value());
}

TEST(Gorilla, CrackPlanAndShape) {
  const FakeClock clock(kT0 * 1000);
  Options o = Basic("hunter2");
  const std::string token = GorillaCodec().NewSigner(o).value()->Sign(R"({"u":"a"})").value().token;
  Options plan_options;
  plan_options.cookie_name = "session";
  auto plan = GorillaCodec().PlanMac(plan_options, token, "");
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(plan->message.starts_with("session|1700000000|"));
  EXPECT_EQ(crypto::Hmac(crypto::Digest::kSha256, "hunter2", plan->message), plan->mac);
  EXPECT_TRUE(GorillaCodec().CouldVerify(plan_options, token));
  plan_options.digest = crypto::Digest::kSha512;
  EXPECT_FALSE(GorillaCodec().CouldVerify(plan_options, token));
  EXPECT_FALSE(GorillaCodec().PlanMac(plan_options, token, "").has_value());
  plan_options.digest.reset();
  plan_options.cookie_name.clear();
  EXPECT_FALSE(GorillaCodec().PlanMac(plan_options, token, "").has_value());
}

// Keyless decode claims only what Encode writes.
TEST(Gorilla, DecodeClaimsOnlyCanonicalCookies) {
  const std::string inner = "1700000000|" +
                            Base64Encode("xyzw", Base64Alphabet::kUrl, Base64Padding::kPadded) +
                            "|" + std::string(32, 'm');
  auto b64 = [](std::string_view s) {
    return Base64Encode(s, Base64Alphabet::kUrl, Base64Padding::kPadded);
  };
  EXPECT_TRUE(GorillaCodec().Decode(b64(inner), {}).has_value());
  EXPECT_FALSE(GorillaCodec().Decode(b64("+1700000000" + inner.substr(10)), {}).has_value());
  EXPECT_FALSE(GorillaCodec().Decode(b64(inner + "x"), {}).has_value());  // 33-byte MAC
  // NopEncoder's empty value.
  EXPECT_TRUE(GorillaCodec().Decode(b64("1700000000||" + std::string(32, 'm')), {}).has_value());
  EXPECT_FALSE(GorillaCodec().Decode(b64("1700000000|" + std::string(32, 'm')), {}).has_value());
  EXPECT_FALSE(GorillaCodec().Decode("\"" + b64(inner) + "\"", {}).has_value());
  std::string unpadded = b64(inner);
  while (unpadded.back() == '=') unpadded.pop_back();
  EXPECT_FALSE(GorillaCodec().Decode(unpadded, {}).has_value());
}

}  // namespace
}  // namespace knox::token
