// ParseResponse and ResponseParser: valid framings, limits and malformed input (RFC 9112).
#include "conformance/net/response_parser.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace knox::net {
namespace {

struct Case {
  const char* name;
  std::string raw;
  std::optional<ErrorCode> error;  // nullopt: parses
  int status = 0;
  std::string body;
  ResponseLimits limits = {};
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class ParseResponseTest : public ::testing::TestWithParam<Case> {};

TEST_P(ParseResponseTest, Parses) {
  const Case& c = GetParam();
  auto response = ParseResponse(c.raw, c.limits);
  if (c.error) {
    ASSERT_FALSE(response.has_value()) << "status " << response->status;
    EXPECT_EQ(response.error().code, *c.error) << response.error().message;
    return;
  }
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, c.status);
  EXPECT_EQ(response->body, c.body);
}

const std::string kBig(2000, 'x');

INSTANTIATE_TEST_SUITE_P(
    Rfc9112, ParseResponseTest,
    ::testing::Values(
        Case{
            "ContentLength", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", {}, 200, "hello"},
        Case{"ZeroLength", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", {}, 200, ""},
        Case{"Chunked",
             "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nA\r\n0123456789\r\n"
             "0\r\n\r\n",
             {},
             200,
             "abc0123456789"},
        Case{"ChunkExtensionAndTrailer",
             "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;name=val\r\nok\r\n0\r\n"
             "X-Trailer: t\r\n\r\n",
             {},
             200,
             "ok"},
        Case{"BodyUntilEof",
             "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nrest of stream",
             {},
             200,
             "rest of stream"},
        Case{"NoContentIgnoresBytes", "HTTP/1.1 204 No Content\r\n\r\ntrailing", {}, 204, ""},
        Case{"NotModified", "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", {}, 304, ""},
        Case{"EmptyReason", "HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n", {}, 404, ""},
        Case{"OnlyFirstMessage",
             "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 500 X\r\n\r\n",
             {},
             200,
             "a"},
        Case{"HeaderAtLimit",
             "HTTP/1.1 200 OK\r\nX-A: " + kBig + "\r\nContent-Length: 0\r\n\r\n",
             {},
             200,
             "",
             ResponseLimits{.max_header_bytes = 2100}},
        Case{"HeaderOverLimit", "HTTP/1.1 200 OK\r\nX-A: " + kBig + "\r\nContent-Length: 0\r\n\r\n",
             ErrorCode::kLimitExceeded, 0, "", ResponseLimits{.max_header_bytes = 1000}},
        Case{"TruncatedHeaderOverLimit", "HTTP/1.1 200 OK\r\nX-A: " + kBig,
             ErrorCode::kLimitExceeded, 0, "", ResponseLimits{.max_header_bytes = 1000}},
        Case{"DeclaredBodyOverLimit", "HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n" + kBig,
             ErrorCode::kLimitExceeded, 0, "", ResponseLimits{.max_body_bytes = 1999}},
        Case{"BodyAtLimit",
             "HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n" + kBig,
             {},
             200,
             kBig,
             ResponseLimits{.max_body_bytes = 2000}},
        Case{
            "ChunkedOverLimit",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7D0\r\n" + kBig + "\r\n0\r\n\r\n",
            ErrorCode::kLimitExceeded, 0, "", ResponseLimits{.max_body_bytes = 1000}},
        Case{"EofBodyOverLimit", "HTTP/1.0 200 OK\r\n\r\n" + kBig, ErrorCode::kLimitExceeded, 0, "",
             ResponseLimits{.max_body_bytes = 1000}},
        Case{"Empty", "", ErrorCode::kMalformed},
        Case{"NotHttp", "SSH-2.0-OpenSSH_9.2\r\n\r\n", ErrorCode::kMalformed},
        Case{"BadStatusCode", "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
             ErrorCode::kMalformed},
        Case{"StatusBelow100", "HTTP/1.1 038 OK\r\nContent-Length: 0\r\n\r\n",
             ErrorCode::kMalformed},
        Case{"FourDigitStatus", "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n",
             ErrorCode::kMalformed},
        Case{"Http2Version", "HTTP/2 200 OK\r\n\r\n", ErrorCode::kMalformed},
        Case{"TruncatedHeader", "HTTP/1.1 200 OK\r\nContent-Le", ErrorCode::kMalformed},
        Case{"TruncatedBody", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
             ErrorCode::kMalformed},
        Case{"TruncatedChunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
             ErrorCode::kMalformed},
        Case{"BadChunkSize",
             "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
             ErrorCode::kMalformed},
        Case{"ConflictingContentLength",
             "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
             ErrorCode::kMalformed},
        Case{"EqualRepeatedContentLength",
             "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab",
             {},
             200,
             "ab"},
        // RFC 9112 §6.1: both framings at once smells of smuggling; the client refuses it.
        Case{"ChunkedAndContentLength",
             "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
             "3\r\nabc\r\n0\r\n\r\n",
             ErrorCode::kMalformed},
        Case{"BareLfLineEndings", "HTTP/1.1 200 OK\nContent-Length: 0\n\n", ErrorCode::kMalformed},
        Case{"NegativeContentLength", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
             ErrorCode::kMalformed},
        Case{"SpaceInFieldName", "HTTP/1.1 200 OK\r\nSet Cookie: a=1\r\nContent-Length: 0\r\n\r\n",
             ErrorCode::kMalformed}),
    [](const ::testing::TestParamInfo<Case>& param_info) {
      return std::string(param_info.param.name);
    });

TEST(ParseResponseTest, HeadersKeepOrderNamesAndRepeats) {
  auto response = ParseResponse(
      "HTTP/1.1 200 Fine\r\nSet-Cookie: a=1\r\nX-Mid:  padded  \r\nset-cookie: b=2\r\n"
      "Content-Length: 0\r\n\r\n");
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->reason, "Fine");
  ASSERT_EQ(response->headers.size(), 4u);
  EXPECT_EQ(response->headers[0], (std::pair<std::string, std::string>{"Set-Cookie", "a=1"}));
  EXPECT_EQ(response->headers[1].second, "padded");  // OWS trimmed (RFC 9110 §5.5)
  EXPECT_EQ(response->headers[2].first, "set-cookie");
  EXPECT_EQ(response->HeaderValues("SET-COOKIE"), (std::vector<std::string>{"a=1", "b=2"}));
}

TEST(ResponseParserTest, HeadResponseHasNoBody) {
  ResponseParser parser(ResponseLimits{}, /*head_request=*/true);
  std::string raw = "HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n";
  auto used = parser.Feed(raw);
  ASSERT_TRUE(used.has_value()) << used.error().message;
  EXPECT_EQ(*used, raw.size());
  ASSERT_TRUE(parser.done());
  EXPECT_TRUE(parser.keep_alive());
  EXPECT_EQ(parser.Take().body, "");
}

TEST(ResponseParserTest, ByteAtATimeEqualsOneShot) {
  const std::string raw =
      "HTTP/1.1 200 OK\r\nSet-Cookie: s=1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "4\r\nwiki\r\n5\r\npedia\r\n0\r\n\r\n";
  ResponseParser parser(ResponseLimits{});
  std::string pending;
  for (char c : raw) {
    pending.push_back(c);
    auto used = parser.Feed(pending);
    ASSERT_TRUE(used.has_value()) << used.error().message;
    pending.erase(0, *used);
  }
  ASSERT_TRUE(parser.done());
  EXPECT_TRUE(pending.empty());
  Response incremental = parser.Take();
  auto one_shot = ParseResponse(raw);
  ASSERT_TRUE(one_shot.has_value());
  EXPECT_EQ(incremental.body, "wikipedia");
  EXPECT_EQ(incremental.body, one_shot->body);
  EXPECT_EQ(incremental.headers, one_shot->headers);
}

TEST(ResponseParserTest, KeepAliveFollowsVersionAndConnectionHeader) {
  struct KeepAliveCase {
    std::string raw;
    bool keep_alive;
  };
  std::vector<KeepAliveCase> cases = {
      {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true},
      {"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false},
      {"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false},
      {"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", true},
  };
  for (const auto& c : cases) {
    ResponseParser parser(ResponseLimits{});
    ASSERT_TRUE(parser.Feed(c.raw).has_value()) << c.raw;
    ASSERT_TRUE(parser.done()) << c.raw;
    EXPECT_EQ(parser.keep_alive(), c.keep_alive) << c.raw;
  }
}

TEST(ResponseParserTest, EofDelimitedBodyIsNeverKeptAlive) {
  ResponseParser parser(ResponseLimits{});
  ASSERT_TRUE(parser.Feed("HTTP/1.1 200 OK\r\n\r\nabc").has_value());
  EXPECT_FALSE(parser.done());
  ASSERT_TRUE(parser.FeedEof().has_value());
  ASSERT_TRUE(parser.done());
  EXPECT_FALSE(parser.keep_alive());
  EXPECT_EQ(parser.Take().body, "abc");
}

}  // namespace
}  // namespace knox::net
