#include "core/server/login_body.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace knox::server {
namespace {

TEST(FormDecode, DecodesPlusAndPercentEscapes) {
  EXPECT_EQ(FormDecode("a+b%20c%2B%3d"), "a b c+=");
  EXPECT_EQ(FormDecode(""), "");
  EXPECT_EQ(FormDecode("%C3%A9"), "\xC3\xA9");
  for (const char* bad : {"%", "%2", "%zz", "a%g1"}) {
    EXPECT_EQ(FormDecode(bad).error().code, ErrorCode::kMalformed) << bad;
  }
}

TEST(MediaType, DropsParametersAndWhitespace) {
  EXPECT_EQ(MediaType(" application/json ; charset=utf-8"), "application/json");
  EXPECT_EQ(MediaType("text/plain"), "text/plain");
}

TEST(ParseLoginBody, ReadsFormAndJson) {
  auto form = ParseLoginBody("application/x-www-form-urlencoded",
                             "x=1&username=al%69ce&&password=won+der%26land");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->username, "alice");
  EXPECT_EQ(form->password.reveal(), "won der&land");
  auto json =
      ParseLoginBody("application/json", R"({"password":"p\u00e9","username":"a","x":[1]})");
  ASSERT_TRUE(json.has_value());
  EXPECT_EQ(json->username, "a");
  EXPECT_EQ(json->password.reveal(), "p\xC3\xA9");
}

// Found by fuzz/server_request_fuzzer.cc: PBKDF2-HMAC pads the password with zero bytes, so
// "wonderland" followed by NULs logged in as "wonderland" did. A NUL in either field is refused.
TEST(ParseLoginBody, NulInCredentialsIsMalformed) {
  const std::string nuls(23, '\0');
  for (const std::string& body : std::vector<std::string>{
           "username=alice&password=wonderland" + nuls, "username=alice%00&password=wonderland",
           "username=alice&password=wonder%00land"}) {
    auto parsed = ParseLoginBody("application/x-www-form-urlencoded", body);
    ASSERT_FALSE(parsed.has_value()) << body;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed);
  }
  EXPECT_EQ(
      ParseLoginBody("application/json", R"({"username":"a","password":"b\u0000"})").error().code,
      ErrorCode::kMalformed);
}

TEST(ParseLoginBody, ErrorKindsSelect415Or400) {
  EXPECT_EQ(ParseLoginBody(std::nullopt, "").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseLoginBody("text/html", "").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseLoginBody("application/json", "{").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(ParseLoginBody("application/json", R"({"username":"a","password":null})").error().code,
            ErrorCode::kMalformed);
  // Nesting is bounded before parsing; strings may contain brackets freely.
  std::string deep =
      R"({"username":"a","password":"b","x":)" + std::string(9, '[') + std::string(9, ']') + "}";
  EXPECT_EQ(ParseLoginBody("application/json", deep).error().code, ErrorCode::kMalformed);
  EXPECT_TRUE(ParseLoginBody("application/json", R"({"username":"[[[[[[[[[[","password":"b"})")
                  .has_value());
}

// Found by fuzz/login_body_fuzzer.cc: nlohmann keeps the last of repeated keys, so a JSON body
// with two "username" members was read as the second while a form with two was refused.
TEST(ParseLoginBody, RepeatedJsonMemberIsMalformedAsInAForm) {
  EXPECT_EQ(ParseLoginBody("application/x-www-form-urlencoded", "username=a&username=b&password=p")
                .error()
                .code,
            ErrorCode::kMalformed);
  for (const char* body : {R"({"username":"a","username":"b","password":"p"})",
                           R"({"username":"a","password":"p","password":"q"})"}) {
    auto parsed = ParseLoginBody("application/json", body);
    ASSERT_FALSE(parsed.has_value()) << body;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed) << body;
  }
  // Only top-level members count: the same names nested are other data.
  auto nested = ParseLoginBody(
      "application/json", R"({"username":"a","password":"p","x":{"username":"b","username":"c"}})");
  ASSERT_TRUE(nested.has_value());
  EXPECT_EQ(nested->username, "a");
}

}  // namespace
}  // namespace knox::server
