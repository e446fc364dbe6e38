// The IETF http-state test suite (abarth/http-state) run through the jar, from its facts in
// core/cookie/testdata/http_state.jsonl (made by interop/conformance/import_suites.py, which
// documents the format): each enabled parser case's Set-Cookie values are received from its `url`
// (http://home.example.org:8888/cookie-parser?NAME), then the Cookie header the jar sends to its
// `next_url` (upstream's Location, or /cookie-parser-result?NAME) must equal its `cookie`. The
// suite dates from 2011; the cases where RFC 6265bis-22 (or libpsl) deliberately changed the answer
// are listed in kExceptions, with the reason in docs/cookies.md, and asserted to still differ.
#include <gtest/gtest.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/base/test_paths.h"
#include "core/cookie/cookie_date.h"
#include "core/cookie/cookie_jar.h"

namespace knox::cookie {
namespace {

// 2015-01-01T00:00:00Z. The suite was written in 2011 and its persistent cookies expire in 2019
// (0002, comma0006, comma0007) or 2027 (0003, and 2007 is its past): any "now" between 2011 and
// 2019 gives the answers its authors meant; a later one would expire the 2019 cookies.
constexpr int64_t kSuiteNow = 1420070400;

// Cases whose 2011 expectation RFC 6265bis-22 contradicts: all of them are nameless cookies.
// RFC 6265 (2011) ignored a Set-Cookie without '='; 6265bis §5.6 step 3 stores it with an empty
// name (as Chromium and Firefox do) and §5.8.3 sends it as its value alone. Reasons per case in
// docs/cookies.md; the test fails if any of them starts to pass or another case starts to fail.
const std::set<std::string> kExceptions = {
    "0004",          // "foo" -> sent "foo"
    "0021",          // "=x" between a=b and c=d -> "a=b; x; c=d"
    "0023",          // "foo" then an empty line -> "foo"
    "0024",          // "foo" then "=" (empty name and value, ignored) -> "foo"
    "0025",          // "foo" then "; bar" (empty name and value) -> "foo"
    "0026",          // "foo" then whitespace only -> "foo"
    "0027",          // "foo" then "bar": both nameless, the second replaces the first -> "bar"
    "0028",          // "foo" then HTAB only -> "foo" (upstream's 0028-expected has no Cookie line)
    "chromium0009",  // "BLAHHH; path=/;" -> "BLAHHH"
    "chromium0010",  // a quoted nameless value with a backslash -> sent as received
    "chromium0012",  // "=ABC" -> "ABC"
    "mozilla0012",   // second line "five; max-age=2.63," is a nameless session cookie "five"
    "mozilla0014",   // "six" -> "six"
    "mozilla0015",   // "six", "seven": the second replaces the first -> "seven"
    "mozilla0016",   // " =eight" replaces "seven" -> "eight"
    "mozilla0017",   // "eight" (keeps "six"'s creation time) then test=six -> "eight; test=six"
    "name0017",      // "=a=bar" -> "a=bar"
    "name0023",      // "foo;bar=baz" -> "foo"
    "name0025",      // "===a=bar" -> "==a=bar"
    "name0028",      // "=a" -> "a"
    "name0031",      // a quoted "name" holding ';': the pair ends at ';' -> nameless
    "name0032",      // the same with a backslash inside the quotes -> nameless
    "name0033",      // "=foo=bar" then "aaa" replaces it -> "aaa"
};

constexpr const char* kSuiteFile = "core/cookie/testdata/http_state.jsonl";

// The records of kSuiteFile whose "kind" is `kind` ("parser" or "date"); none when the file is
// missing, which the callers' count assertions report.
std::vector<nlohmann::json> SuiteRecords(const std::string& kind) {
  std::vector<nlohmann::json> out;
  for (const std::string& line : knox::test_support::DataFileLines(kSuiteFile)) {
    nlohmann::json record = nlohmann::json::parse(line);
    if (record.at("kind") == kind) out.push_back(std::move(record));
  }
  return out;
}

// Runs one parser case through a fresh jar; returns the Cookie header value sent and the expected
// one.
std::pair<std::string, std::string> RunCase(const nlohmann::json& c) {
  FakeClock clock = FakeClock::AtSeconds(kSuiteNow);
  CookieJar jar(clock);
  const Url from = ParseUrl(c.at("url").get<std::string>()).value();
  for (const auto& set_cookie : c.at("set_cookie")) {
    jar.StoreHeader(set_cookie.get<std::string>(), from);
  }
  const Url next = ParseUrl(c.at("next_url").get<std::string>()).value();
  return {jar.CookieHeader(next), c.at("cookie").get<std::string>()};
}

TEST(HttpState, ParserSuiteThroughTheJar) {
  std::vector<nlohmann::json> enabled;
  int disabled = 0;
  for (nlohmann::json& c : SuiteRecords("parser")) {
    if (c.at("disabled").get<bool>()) {
      ++disabled;  // disabled upstream: not run
    } else {
      enabled.push_back(std::move(c));
    }
  }
  ASSERT_EQ(enabled.size(), 218u) << "parser cases of " << kSuiteFile;
  EXPECT_EQ(disabled, 4);
  int passed = 0;
  std::set<std::string> differing;
  for (const nlohmann::json& c : enabled) {
    const std::string name = c.at("case").get<std::string>();
    auto [sent, expected] = RunCase(c);
    if (sent == expected) {
      ++passed;
    } else {
      differing.insert(name);
      if (!kExceptions.contains(name)) {
        ADD_FAILURE() << name << ": sent \"" << sent << "\", expected \"" << expected << "\"";
      }
    }
  }
  for (const std::string& name : kExceptions) {
    EXPECT_TRUE(differing.contains(name)) << name << " is listed as an exception but now passes";
  }
  std::cout << "http-state parser: " << passed << " passed, " << differing.size()
            << " documented exceptions, of " << enabled.size() << " enabled cases\n";
}

// dates/examples.json and dates/bsd-examples.json: a null `expected` means an invalid date.
TEST(HttpState, DateSuites) {
  const std::vector<nlohmann::json> cases = SuiteRecords("date");
  ASSERT_EQ(cases.size(), 70u) << "date cases of " << kSuiteFile;
  for (const nlohmann::json& c : cases) {
    const std::string text = c.at("date").get<std::string>();
    SCOPED_TRACE(c.at("case").get<std::string>() + ": \"" + text + "\"");
    auto parsed = ParseCookieDate(text);
    if (c.at("expected").is_null()) {
      EXPECT_FALSE(parsed.has_value()) << "should be invalid";
    } else {
      ASSERT_TRUE(parsed.has_value()) << "should parse";
      EXPECT_EQ(FormatCookieDate(*parsed).value(), c.at("expected").get<std::string>());
    }
  }
  std::cout << "http-state dates: " << cases.size() << " cases\n";
}

}  // namespace
}  // namespace knox::cookie
