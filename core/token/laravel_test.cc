// `laravel` against interop/vectors/laravel.jsonl, made by interop/php/gen_vectors.php with
// Laravel 8.83's own Encrypter and EncryptCookies middleware: every token Laravel wrote must be
// what knox writes for the same IV, every token must be read (or refused) as Laravel reads it, and
// APP_KEY and PHP's base64 decoding must come out as PHP has them.
#include "core/token/laravel.h"

#include <gtest/gtest.h>

#include <string>

#include "core/base/base64.h"
#include "core/base/hex.h"
#include "core/crypto/hmac.h"
#include "core/token/codecs.h"
#include "core/token/registry.h"
#include "core/token/vector_file_test_util.h"

namespace knox::token {
namespace {

using testing::LoadVectors;
using testing::OutcomeOf;

std::vector<Json> Vectors(std::string_view op) {
  std::vector<Json> out;
  for (auto& v : LoadVectors("laravel.jsonl", "laravel")) {
    if (v.at("op") == op) out.push_back(std::move(v));
  }
  return out;
}

std::string Str(const Json& v, const char* key) {
  return v.at(key).is_null() ? std::string() : v.at(key).get<std::string>();
}

TEST(LaravelVectors, SignsWhatLaravelWrites) {
  const auto vectors = Vectors("sign");
  ASSERT_GE(vectors.size(), 16u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(Str(v, "name"));
    const auto cipher = laravel::ParseCipher(Str(v, "cipher")).value();
    const std::string key = laravel::ParseAppKey(Str(v, "secret")).value();
    const std::string iv = HexDecode(Str(v, "iv")).value();
    const std::string cookie = Str(v, "cookie_name");
    const std::string plaintext =
        (cookie.empty() ? "" : laravel::CookiePrefix(cookie, key)) + Str(v, "value");
    const std::string payload = laravel::Encrypt(cipher, key, iv, plaintext).value();
    EXPECT_EQ(cookie.empty() ? payload : laravel::CookieEscape(payload), Str(v, "token"));

    // The codec's own Sign (random IV) is read back by the codec, and detected.
    Options o;
    o.secrets.emplace_back(Str(v, "secret"));
    o.cipher = Str(v, "cipher");
    o.cookie_name = cookie;
    auto signer = LaravelCodec().NewSigner(o).value();
    auto token = signer->Sign(Str(v, "value")).value().token;
    EXPECT_EQ(signer->Verify(token).value().value, Str(v, "value"));
    EXPECT_EQ(DetectAndDecode(token).value().format, "laravel");
  }
}

TEST(LaravelVectors, ReadsAsLaravelReads) {
  const auto vectors = Vectors("verify");
  ASSERT_GE(vectors.size(), 70u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(Str(v, "name"));
    Options o;
    o.secrets = testing::Secrets(v);
    o.cookie_name = Str(v, "cookie_name");
    if (!v.at("cipher").is_null()) o.cipher = Str(v, "cipher");
    auto signer = LaravelCodec().NewSigner(o);
    ASSERT_TRUE(signer.has_value()) << signer.error().message;
    auto got = (*signer)->Verify(Str(v, "token"));
    EXPECT_EQ(OutcomeOf(got), Str(v, "outcome")) << (got ? "" : got.error().message);
    if (!got || !got.has_value() || Str(v, "outcome") != "ok") continue;
    const std::string expected =
        v.contains("value") ? Str(v, "value") : HexDecode(Str(v, "value_hex")).value();
    EXPECT_EQ(got->value, expected);
    EXPECT_FALSE(got->is_json);
    EXPECT_EQ(got->key_index, v.at("key_index").get<size_t>());
  }
}

TEST(LaravelVectors, AppKeyAsEncryptionServiceProvider) {
  const auto vectors = Vectors("app-key");
  ASSERT_GE(vectors.size(), 10u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(Str(v, "name"));
    auto key = laravel::ParseAppKey(Str(v, "secret"));
    ASSERT_EQ(key.has_value(), v.at("supported").get<bool>());
    if (key) {
      EXPECT_EQ(HexEncode(*key), Str(v, "key_hex"));
    } else {
      EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
    }
  }
}

TEST(LaravelVectors, PhpBase64Decode) {
  const auto vectors = Vectors("php-base64");
  ASSERT_GE(vectors.size(), 20u);
  for (const auto& v : vectors) {
    const std::string input = HexDecode(Str(v, "input_hex")).value();
    SCOPED_TRACE(Str(v, "name") + " " + input);
    EXPECT_EQ(HexEncode(Base64DecodePhp(input)), Str(v, "lenient_hex"));
    auto strict = Base64DecodePhpStrict(input);
    ASSERT_EQ(strict.has_value(), !v.at("strict_hex").is_null());
    if (strict) {
      EXPECT_EQ(HexEncode(*strict), Str(v, "strict_hex"));
    }
  }
}

// Every token Laravel writes is recognised without a key; the forms it never writes are not.
TEST(LaravelVectors, DetectedWithoutKey) {
  for (const auto& v : Vectors("sign")) {
    SCOPED_TRACE(Str(v, "name"));
    auto d = DetectAndDecode(Str(v, "token"));
    ASSERT_TRUE(d.has_value()) << d.error().message;
    EXPECT_EQ(d->format, "laravel");
    EXPECT_TRUE(d->encrypted);
    ASSERT_TRUE(d->is_json);
    const Json envelope = ParseJson(d->payload).value();
    EXPECT_EQ(HexEncode(Base64DecodeStrict(envelope.at("iv").get<std::string>(),
                                           Base64Alphabet::kStandard, Base64Padding::kPadded)
                            .value()),
              Str(v, "iv"));
    EXPECT_EQ(d->signature, Str(v, "cipher").find("GCM") != std::string::npos ||
                                    Str(v, "cipher").find("gcm") != std::string::npos
                                ? envelope.at("tag").get<std::string>()
                                : envelope.at("mac").get<std::string>());
    // And the raw payload, as Crypt::encryptString returns it.
    EXPECT_EQ(DetectAndDecode(laravel::PhpCookieValue(Str(v, "token"))).value().format, "laravel");
  }
  // Decode claims the shapes Laravel writes; PHP's leniencies verify but are not claimed.
  for (const auto& v : Vectors("verify")) {
    SCOPED_TRACE(Str(v, "name"));
    EXPECT_EQ(LaravelCodec().Decode(Str(v, "token"), {}).has_value(), Str(v, "shape") != "other");
  }
}

// --strict refuses exactly what Laravel 8.83 would not have written.
TEST(LaravelVectors, StrictRefusesWhatLaravelDoesNotWrite) {
  for (const auto& v : Vectors("verify")) {
    const std::string name = Str(v, "name");
    SCOPED_TRACE(name);
    Options o;
    o.secrets = testing::Secrets(v);
    o.cookie_name = Str(v, "cookie_name");
    if (!v.at("cipher").is_null()) o.cipher = Str(v, "cipher");
    o.strict = true;
    auto got = LaravelCodec().NewSigner(o).value()->Verify(Str(v, "token"));
    const bool written = Str(v, "outcome") == "ok" && Str(v, "shape") == "written";
    EXPECT_EQ(got.has_value(), written) << (got ? "" : got.error().message);
    if (!got && Str(v, "shape") != "written") {
      EXPECT_EQ(got.error().code, ErrorCode::kMalformed);
    }
  }
}

Options KeyOptions(std::string app_key, std::string cookie = "laravel_session") {
  Options o;
  o.secrets.emplace_back(std::move(app_key));
  o.cookie_name = std::move(cookie);
  return o;
}

const std::string kKey = "base64:" + std::string("S25veCBsYXJhdmVsIHRlc3Qga2V5IDAxMjM0NTY3ODk=");

TEST(Laravel, SignDefaultsAndCipherChoice) {
  auto signer = LaravelCodec().NewSigner(KeyOptions(kKey)).value();
  const std::string a = signer->Sign("id").value().token;
  const std::string b = signer->Sign("id").value().token;
  EXPECT_NE(a, b);  // a fresh IV each time
  auto d = LaravelCodec().Decode(a, {}).value();
  EXPECT_NE(d.notes.find("CBC"), std::string::npos) << d.notes;  // AES-256-CBC by default
  Options gcm = KeyOptions(kKey);
  gcm.cipher = "aes-256-GCM";  // any case, as strtolower
  const std::string g = LaravelCodec().NewSigner(gcm).value()->Sign("id").value().token;
  EXPECT_NE(LaravelCodec().Decode(g, {}).value().notes.find("GCM"), std::string::npos);
  EXPECT_EQ(signer->Verify(g).value().value, "id");  // verify finds the cipher itself
}

TEST(Laravel, KeyAndCipherErrors) {
  const auto error = [](const Options& o) { return LaravelCodec().NewSigner(o).error().code; };
  EXPECT_EQ(error(Options{}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(error(KeyOptions("")), ErrorCode::kInvalidArgument);
  EXPECT_EQ(error(KeyOptions("seventeen bytes!!")), ErrorCode::kInvalidArgument);
  EXPECT_EQ(error(KeyOptions("base64:")), ErrorCode::kInvalidArgument);
  Options o = KeyOptions(kKey);
  o.cipher = "AES-192-CBC";
  EXPECT_EQ(error(o), ErrorCode::kInvalidArgument);
  o.cipher = "AES-128-CBC";  // a 32-byte key does not fit
  EXPECT_EQ(error(o), ErrorCode::kInvalidArgument);
  // A 16-byte key with the default AES-256-CBC: verify works, sign says what fits.
  auto weak = LaravelCodec().NewSigner(KeyOptions("SomeRandomString")).value();
  auto signed_value = weak->Sign("x");
  ASSERT_FALSE(signed_value.has_value());
  EXPECT_EQ(signed_value.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(signed_value.error().message.find("AES-128-CBC"), std::string::npos);
  EXPECT_EQ(signed_value.error().message.find("SomeRandomString"), std::string::npos);
  Options o128 = KeyOptions("SomeRandomString");
  o128.cipher = "AES-128-CBC";
  const std::string token = LaravelCodec().NewSigner(o128).value()->Sign("x").value().token;
  EXPECT_EQ(weak->Verify(token).value().value, "x");
}

TEST(Laravel, CookieNameIsBoundAndOptional) {
  auto session = LaravelCodec().NewSigner(KeyOptions(kKey)).value();
  const std::string token = session->Sign("abc").value().token;
  EXPECT_NE(token.find("%3D"), std::string::npos);  // rawurlencoded, as in Set-Cookie
  auto other = LaravelCodec().NewSigner(KeyOptions(kKey, "XSRF-TOKEN")).value();
  EXPECT_EQ(other->Verify(token).error().code, ErrorCode::kBadSignature);
  // Without a name: Encrypter::decryptString's plaintext, prefix included.
  auto any = LaravelCodec().NewSigner(KeyOptions(kKey, "")).value();
  const std::string plain = any->Verify(token).value().value;
  EXPECT_EQ(plain,
            laravel::CookiePrefix("laravel_session", laravel::ParseAppKey(kKey).value()) + "abc");
  EXPECT_EQ(plain[40], '|');
  // A value shorter than the prefix is not this cookie's either.
  const std::string bare = any->Sign("short").value().token;
  EXPECT_EQ(bare.find('%'), std::string::npos);  // encryptString's payload as is
  EXPECT_EQ(session->Verify(bare).error().code, ErrorCode::kBadSignature);
}

TEST(Laravel, CookiePrefixIsHmacSha1OfNameV2) {
  const std::string key(32, 'k');
  EXPECT_EQ(laravel::CookiePrefix("laravel_session", key),
            HexEncode(crypto::Hmac(crypto::Digest::kSha1, key, "laravel_sessionv2")) + "|");
  EXPECT_EQ(laravel::CookiePrefix("a", key).size(), laravel::kCookiePrefixSize);
}

TEST(Laravel, PhpCookieValue) {
  EXPECT_EQ(laravel::PhpCookieValue("a%2Bb%2fc%3D+d"), "a+b/c=+d");
  EXPECT_EQ(laravel::PhpCookieValue("x%zz%4"), "x%zz%4");
  EXPECT_EQ(laravel::PhpCookieValue("v; other=1"), "v");
  EXPECT_EQ(laravel::CookieEscape("a+b/c=="), "a%2Bb%2Fc%3D%3D");
}

// The MAC is compared in constant time, on the whole hex text: a MAC that is right but for its
// last character, or right in upper case, fails the same way.
TEST(Laravel, MacComparedAsWholeText) {
  auto signer = LaravelCodec().NewSigner(KeyOptions(kKey, "")).value();
  const std::string token = signer->Sign("v").value().token;
  const std::string envelope = LaravelCodec().Decode(token, {}).value().payload;
  Json doc = ParseJson(envelope).value();
  std::string mac = doc.at("mac").get<std::string>();
  for (std::string changed :
       {mac.substr(0, 63) + (mac[63] == '0' ? "1" : "0"), mac.substr(0, 63), mac + "0"}) {
    doc["mac"] = changed;
    const std::string forged =
        Base64Encode(doc.dump(), Base64Alphabet::kStandard, Base64Padding::kPadded);
    EXPECT_EQ(signer->Verify(forged).error().code, ErrorCode::kBadSignature) << changed;
  }
}

TEST(Laravel, Limits) {
  Options o = KeyOptions(kKey);
  o.limits.max_token_bytes = 300;
  auto signer = LaravelCodec().NewSigner(o).value();
  EXPECT_EQ(signer->Sign(std::string(400, 'x')).error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(signer->Sign(std::string(200, 'x')).error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(signer->Verify(std::string(301, 'e')).error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(LaravelCodec().Decode(std::string(301, 'e'), o.limits).error().code,
            ErrorCode::kLimitExceeded);
  // JSON nesting past the limit inside the payload.
  const std::string deep = R"({"iv":"x","value":"y","mac":"z","n":)" + std::string(100, '[') +
                           std::string(100, ']') + "}";
  auto verifier = LaravelCodec().NewSigner(KeyOptions(kKey)).value();
  EXPECT_EQ(verifier->Verify(Base64Encode(deep, Base64Alphabet::kStandard, Base64Padding::kPadded))
                .error()
                .code,
            ErrorCode::kLimitExceeded);
}

TEST(Laravel, RefusalsOfEnvelopes) {
  auto signer = LaravelCodec().NewSigner(KeyOptions(kKey)).value();
  const auto verify = [&](std::string_view json) {
    return signer->Verify(Base64Encode(json, Base64Alphabet::kStandard, Base64Padding::kPadded))
        .error()
        .code;
  };
  EXPECT_EQ(verify(""), ErrorCode::kMalformed);
  EXPECT_EQ(verify("{"), ErrorCode::kMalformed);
  EXPECT_EQ(verify("null"), ErrorCode::kMalformed);
  EXPECT_EQ(verify(R"({"iv":null,"value":"","mac":""})"), ErrorCode::kMalformed);
  EXPECT_EQ(verify(R"({"iv":"AAAAAAAAAAAAAAAAAAAAAA==","value":"","mac":{}})"),
            ErrorCode::kMalformed);  // CBC: hash_equals on an array is a TypeError
  EXPECT_EQ(verify(R"({"iv":"AAAAAAAAAAAAAAAA","value":1.5,"mac":"","tag":"x"})"),
            ErrorCode::kMalformed);  // a float where text is wanted
  EXPECT_EQ(verify(R"({"iv":"AAAAAAAAAAAAAAAA","value":"","mac":"","tag":"AAAA"})"),
            ErrorCode::kMalformed);  // GCM tag not 16 bytes
  EXPECT_EQ(
      verify(R"({"iv":"AAAAAAAAAAAAAAAA","value":"","mac":"","tag":"AAAAAAAAAAAAAAAAAAAAAA=="})"),
      ErrorCode::kBadSignature);  // GCM, well formed, wrong tag
  EXPECT_EQ(verify(R"({"iv":"AAAAAAAAAAAAAAAAAAAAAA==","value":"","mac":""})"),
            ErrorCode::kBadSignature);  // CBC, MAC mismatch
}

// Detection: the canonical shapes only, and every other format's own tokens stay theirs.
TEST(Laravel, DecodeClaimsOnlyCanonicalShapes) {
  auto signer = LaravelCodec().NewSigner(KeyOptions(kKey)).value();
  const std::string token = signer->Sign("abc").value().token;
  EXPECT_TRUE(LaravelCodec().Decode(token, {}));
  EXPECT_FALSE(LaravelCodec().Decode(token + "%3D", {}));
  EXPECT_FALSE(LaravelCodec().Decode(laravel::PhpCookieValue(token) + "\n", {}));
  std::string lower = token;
  for (size_t at = lower.find("%3D"); at != std::string::npos; at = lower.find("%3D", at + 1)) {
    lower[at + 2] = 'd';
  }
  EXPECT_FALSE(LaravelCodec().Decode(lower, {}));
  // The ad-hoc shape the audit's tests use (a 4-hex MAC, a partial block) is not Laravel's.
  EXPECT_FALSE(LaravelCodec().Decode(
      Base64Encode(R"({"iv":"aXZpdml2aXZpdml2aXZpdg==","value":"Y2lwaGVydGV4dA==","mac":"00ff"})",
                   Base64Alphabet::kStandard, Base64Padding::kPadded),
      {}));
  // Cookie-session's base64 JSON is still cookie-session's.
  Options cs;
  cs.secrets.emplace_back("keyboard cat");
  const std::string session =
      CookieSessionCodec().NewSigner(cs).value()->Sign(R"({"iv":1})")->token;
  EXPECT_EQ(DetectAndDecode(session).value().format, "cookie-session");
}

TEST(Laravel, RandomKeyFormIsWhatKeyGenerateWrites) {
  const std::string key = LaravelCodec().KeyFromRandomBytes(std::string(32, '\x01'));
  EXPECT_TRUE(key.starts_with("base64:"));
  EXPECT_EQ(laravel::ParseAppKey(key).value(), std::string(32, '\x01'));
}

}  // namespace
}  // namespace knox::token
