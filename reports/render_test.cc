// The renderers over the hostile sample report (sample_report.h): nothing from the target reaches
// any output raw, JSON round-trips, JUnit and SARIF have the structure their consumers need.
// check_outputs.py parses the same outputs with Python's XML, HTML and JSON parsers.
#include "reports/render.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <string>
#include <string_view>

#include "reports/escape.h"
#include "reports/html_renderer.h"
#include "reports/json_renderer.h"
#include "reports/sample_report.h"
#include "reports/sarif_renderer.h"

namespace knox::reports {
namespace {

using ::testing::HasSubstr;
using testing::HostilePayload;
using ::testing::Not;
using testing::SampleReport;

size_t Count(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string_view::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

TEST(ParseFormat, AcceptsEveryDocumentedName) {
  for (std::string_view name : kFormatNames) {
    auto format = ParseFormat(name);
    ASSERT_TRUE(format.has_value()) << name;
    EXPECT_EQ(FormatName(*format), name);
  }
}

TEST(ParseFormat, RejectsOtherNames) {
  for (std::string_view name : {"", "TEXT", "xml", "sarif2", "md"}) {
    auto format = ParseFormat(name);
    ASSERT_FALSE(format.has_value()) << name;
    EXPECT_EQ(format.error().code, ErrorCode::kInvalidArgument);
  }
}

class EveryFormatTest : public ::testing::TestWithParam<Format> {};

TEST_P(EveryFormatTest, HostileStringsNeverReachTheOutputRaw) {
  const std::string out = Render(SampleReport(), GetParam(), RenderOptions{});
  EXPECT_THAT(out, Not(HasSubstr(HostilePayload())));
  EXPECT_EQ(ValidUtf8(out), out) << "output is not valid UTF-8";
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << "ESC in output";
  EXPECT_EQ(out.find('\0'), std::string::npos) << "NUL in output";
  EXPECT_EQ(out.find('\x07'), std::string::npos) << "BEL in output";
  EXPECT_THAT(out, Not(HasSubstr("\xe2\x80\xae"))) << "bidi override in output";
  EXPECT_THAT(out, Not(HasSubstr("\xc2\x9b"))) << "C1 CSI in output";
  if (GetParam() != Format::kText) {
    EXPECT_THAT(Lower(out), Not(HasSubstr("<script")));
    EXPECT_THAT(out, Not(HasSubstr("]]>")));
    EXPECT_THAT(out, Not(HasSubstr("'<!")));
  }
}

TEST_P(EveryFormatTest, AnEmptyReportRenders) {
  const std::string out = Render(Report{}, GetParam(), RenderOptions{});
  EXPECT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
}

TEST_P(EveryFormatTest, NonFiniteNumbersAndOddDataRender) {
  Report r = SampleReport();
  r.duration_s = std::numeric_limits<double>::quiet_NaN();
  r.entropy->bits_per_position = {std::numeric_limits<double>::infinity(), -3,
                                  std::numeric_limits<double>::quiet_NaN(), 2};
  r.entropy->max_bits_per_position = -1;
  r.findings[0].severity = "catastrophic";  // not in the vocabulary: counted as info
  r.session = nlohmann::json::array({1, "two"});
  const std::string out = Render(r, GetParam(), RenderOptions{});
  EXPECT_EQ(ValidUtf8(out), out);
  if (GetParam() == Format::kJson || GetParam() == Format::kSarif) {
    EXPECT_TRUE(nlohmann::json::accept(out));
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, EveryFormatTest,
                         ::testing::Values(Format::kText, Format::kJson, Format::kJunit,
                                           Format::kSarif, Format::kHtml),
                         [](const auto& p) { return std::string(FormatName(p.param)); });

// Random bytes in every target-controlled field (fixed seed): every format stays valid UTF-8
// without raw control characters, and JSON/SARIF stay parseable.
TEST(RandomInput, EveryFormatStaysWellFormed) {
  std::mt19937 rng(424242);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 24);
  auto random_string = [&] {
    std::string s(static_cast<size_t>(length(rng)), '\0');
    for (char& c : s) c = static_cast<char>(byte(rng));
    return s;
  };
  for (int i = 0; i < 50; ++i) {
    Report r = SampleReport();
    r.target = random_string();
    r.findings[1].subject = random_string();
    r.findings[1].evidence = {{random_string(), random_string()}};
    r.session = nlohmann::json{{random_string(), {{random_string(), random_string()}}}};
    r.notes = {random_string()};
    for (std::string_view name : kFormatNames) {
      const Format format = *ParseFormat(name);
      const std::string out = Render(r, format, RenderOptions{});
      EXPECT_EQ(ValidUtf8(out), out) << name;
      EXPECT_EQ(out.find_first_of(std::string("\x1b\0\x07", 3)), std::string::npos) << name;
      if (format == Format::kJson || format == Format::kSarif) {
        EXPECT_TRUE(nlohmann::json::accept(out)) << name;
      }
    }
  }
}

// --- text ---

TEST(TextReport, PlainHasNoEscapesAndGroupsHighFirst) {
  const std::string out = Render(SampleReport(), Format::kText, RenderOptions{});
  const size_t high = out.find("HIGH (1)"), medium = out.find("MEDIUM (1)"),
               low = out.find("LOW (1)");
  ASSERT_NE(high, std::string::npos);
  ASSERT_NE(medium, std::string::npos);
  ASSERT_NE(low, std::string::npos);
  EXPECT_LT(high, out.find("KNOX-SECRET-001"));
  EXPECT_LT(high, medium);
  EXPECT_LT(medium, low);
  EXPECT_THAT(out, HasSubstr("WARNING: --insecure"));
  EXPECT_THAT(out, HasSubstr("session_cookie.attributes.same_site"));
  EXPECT_THAT(out, HasSubstr("undecided"));
  EXPECT_THAT(out, HasSubstr("\\x1b[31mRED"));  // the cookie name's ESC, shown escaped
  EXPECT_THAT(out, HasSubstr("secret_length: 6"));
  EXPECT_THAT(out, HasSubstr("CWE-614, ASVS 4.0.3 3.4.1, ASVS 5.0 3.3.1, WSTG-SESS-02"));
  EXPECT_THAT(out, HasSubstr("3 findings (1 high, 1 medium, 1 low, 0 info) from 4 checks"));
}

TEST(TextReport, ColourUsesOnlyKnoxsOwnSgrCodes) {
  const std::string out = Render(SampleReport(), Format::kText, RenderOptions{.colour = true});
  EXPECT_THAT(out, HasSubstr("\x1b[1;31m"));
  static constexpr std::string_view kOwn[] = {"\x1b[0m",    "\x1b[1m",  "\x1b[2m",
                                              "\x1b[1;31m", "\x1b[33m", "\x1b[36m"};
  for (size_t pos = out.find('\x1b'); pos != std::string::npos; pos = out.find('\x1b', pos + 1)) {
    bool known = false;
    for (std::string_view code : kOwn) known = known || out.compare(pos, code.size(), code) == 0;
    EXPECT_TRUE(known) << "unexpected escape at " << pos << ": "
                       << TerminalSafe(out.substr(pos, 8));
  }
  EXPECT_THAT(out, Not(HasSubstr("\x1b[31mRED")));
}

// --- JSON ---

TEST(JsonReport, ParsesBackAndRoundTripsValues) {
  const Report r = SampleReport();
  const auto doc = nlohmann::json::parse(Render(r, Format::kJson, RenderOptions{}));
  EXPECT_EQ(doc["schema_version"], 2);
  EXPECT_EQ(doc["tool"]["name"], "knox");
  EXPECT_EQ(doc["tool"]["version"], "0.1.0");
  EXPECT_EQ(doc["target"], ValidUtf8(r.target));
  EXPECT_EQ(doc["started_at"], r.started_at);
  EXPECT_EQ(doc["duration_s"], 3.25);
  EXPECT_EQ(doc["insecure_tls"], true);
  EXPECT_EQ(doc["profile"]["user"], ValidUtf8(r.profile[1].second));
  EXPECT_EQ(doc["session"]["session_cookie"]["name"], ValidUtf8("sid" + HostilePayload()));
  EXPECT_EQ(doc["session"]["session_cookie"]["value_length"], 88);
  EXPECT_TRUE(doc["session"]["login_rotates_id"].is_null());
  ASSERT_EQ(doc["findings"].size(), 3u);
  const auto& weak = doc["findings"][0];
  EXPECT_EQ(weak["id"], "KNOX-SECRET-001");
  EXPECT_EQ(weak["severity"], "high");
  EXPECT_EQ(weak["cwe"], 521);
  EXPECT_EQ(weak["asvs4"], "2.10.4");
  EXPECT_EQ(weak["wstg"], "WSTG-SESS-01");
  EXPECT_EQ(weak["evidence"],
            nlohmann::json::parse(
                R"({"format":"flask","secret_length":"6","secret_sha256_prefix":"5e88"})"));
  const std::string hostile = ValidUtf8(HostilePayload());
  EXPECT_EQ(doc["findings"][1]["evidence"]["set_from" + hostile], hostile);
  EXPECT_EQ(doc["checks"].size(), 4u);
  EXPECT_EQ(doc["checks"][0]["cwe"], 614);
  EXPECT_EQ(doc["checks"][0]["wstg"], "WSTG-SESS-02");
  EXPECT_EQ(doc["checks"][2]["asvs4"], "");
  EXPECT_EQ(doc["notes"][0], ValidUtf8(r.notes[0]));
  EXPECT_EQ(doc["exchanges"].size(), 2u);
  EXPECT_EQ(doc["entropy"]["samples"], 200);
  EXPECT_EQ(doc["entropy"]["bits_per_position"].get<std::vector<double>>(),
            r.entropy->bits_per_position);
  EXPECT_EQ(doc["summary"], nlohmann::json::parse(R"({"high":1,"medium":1,"low":1,"info":0})"));
}

TEST(JsonReport, KeysFollowTheDocumentedOrder) {
  const std::string out = Render(SampleReport(), Format::kJson, RenderOptions{});
  size_t last = 0;
  for (std::string_view key : {"schema_version", "tool", "target", "started_at", "duration_s",
                               "insecure_tls", "profile", "session", "findings", "checks",
                               "login_steps", "notes", "entropy", "exchanges", "summary"}) {
    const size_t pos = out.find("\n  \"" + std::string(key) + "\":");
    ASSERT_NE(pos, std::string::npos) << key;
    EXPECT_GT(pos, last) << key;
    last = pos;
  }
}

TEST(JsonReport, DumpWritesMarkupAndControlCharactersAsEscapes) {
  const std::string raw = "<\xc2\x9b\xe2\x80\xa8\xe2\x80\xae\xe2\x81\xa9'&>\xc3\xa9\xe2\x82\xac";
  const std::string dumped = DumpJson(nlohmann::ordered_json(raw), -1);
  EXPECT_EQ(dumped,
            "\"\\u003c\\u009b\\u2028\\u202e\\u2069\\u0027\\u0026\\u003e\xc3\xa9\xe2\x82\xac\"");
  EXPECT_EQ(nlohmann::json::parse(dumped), raw);
}

TEST(JsonReport, NoEntropyIsNullAndRepeatedEvidenceKeysAreJoined) {
  Report r;
  r.findings.push_back({.id = "KNOX-ATTR-001",
                        .severity = "medium",
                        .evidence = {{"cookie", "a"}, {"cookie", "b"}}});
  const auto doc = nlohmann::json::parse(Render(r, Format::kJson, RenderOptions{}));
  EXPECT_TRUE(doc["entropy"].is_null());
  EXPECT_EQ(doc["findings"][0]["evidence"]["cookie"], "a; b");
  EXPECT_TRUE(doc["session"].is_object());
}

// --- JUnit ---

TEST(JunitReport, OneTestCasePerCheckAndAFailurePerFailingCheck) {
  const Report r = SampleReport();
  const std::string out = Render(r, Format::kJunit, RenderOptions{});
  EXPECT_EQ(out.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u);
  EXPECT_EQ(Count(out, "<testsuite "), 1u);
  EXPECT_EQ(Count(out, "<testcase "), 5u);  // 4 listed checks + the finding's unlisted one
  EXPECT_EQ(Count(out, "<failure "), 3u);
  EXPECT_EQ(Count(out, "</failure>"), 3u);
  EXPECT_THAT(out, HasSubstr("<testsuite name=\"knox audit " +
                             MarkupEscape(r.target, /*for_attribute=*/true) +
                             "\" tests=\"5\" "
                             "failures=\"3\""));
  EXPECT_THAT(out, HasSubstr("<testcase classname=\"knox.ATTR\" name=\"KNOX-ATTR-001 Session "
                             "cookie without Secure\""));
  EXPECT_THAT(out, HasSubstr("<testcase classname=\"knox.PREFIX\" name=\"KNOX-PREFIX-001 Session "
                             "cookie without a __Host- prefix\" time=\"0\"/>"));
  EXPECT_THAT(out, HasSubstr("type=\"high\">subject: session\n  format: flask\n"));
  EXPECT_THAT(out, HasSubstr("classname=\"knox.LIFE\" name=\"KNOX-LIFE-002"));
}

// --- SARIF ---

TEST(SarifReport, HasTheRequiredSarif210Structure) {
  const Report r = SampleReport();
  const auto log = nlohmann::json::parse(Render(r, Format::kSarif, RenderOptions{}));
  EXPECT_EQ(log["$schema"], kSarifSchemaUri);
  EXPECT_EQ(log["version"], "2.1.0");
  ASSERT_EQ(log["runs"].size(), 1u);
  const auto& run = log["runs"][0];
  const auto& driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "knox");
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_FALSE(driver.contains("informationUri"));  // knox has no public home page yet
  const auto& rules = driver["rules"];
  ASSERT_EQ(rules.size(), 5u);
  EXPECT_EQ(rules[0]["id"], "KNOX-ATTR-001");
  EXPECT_EQ(rules[0]["shortDescription"]["text"], "Session cookie without Secure");
  EXPECT_EQ(rules[0]["fullDescription"]["text"], r.checks[0].rationale);
  EXPECT_EQ(rules[0]["help"]["text"], "Set Secure.");
  EXPECT_EQ(rules[0]["defaultConfiguration"]["level"], "warning");
  EXPECT_EQ(rules[0]["properties"]["security-severity"], "5.0");
  EXPECT_THAT(rules[0]["properties"]["tags"].get<std::vector<std::string>>(),
              ::testing::Contains("CWE-614"));
  EXPECT_EQ(rules[0]["properties"]["asvs5"], "3.3.1");
  EXPECT_EQ(rules[3]["properties"]["security-severity"], "8.0");
  EXPECT_EQ(rules[3]["properties"]["wstg"], "WSTG-SESS-01");  // from the finding
  EXPECT_FALSE(rules[3]["properties"].contains("asvs5"));     // "n/a" is left out
  EXPECT_FALSE(rules[2]["properties"].contains("wstg"));      // not supplied
  const auto& notifications = run["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notifications.size(), r.notes.size());
  EXPECT_EQ(notifications[0]["message"]["text"], ValidUtf8(r.notes[0]));
  EXPECT_EQ(rules[3]["fullDescription"]["text"], "Anyone who knows the secret forges sessions.");
  EXPECT_EQ(rules[4]["id"], "KNOX-LIFE-002");
  EXPECT_EQ(rules[4]["properties"]["security-severity"], "3.0");
  EXPECT_EQ(rules[4]["defaultConfiguration"]["level"], "note");
  ASSERT_EQ(run["results"].size(), 3u);
  for (const auto& result : run["results"]) {
    const auto& rule = rules[result["ruleIndex"].get<size_t>()];
    EXPECT_EQ(result["ruleId"], rule["id"]);
    EXPECT_EQ(result["level"], rule["defaultConfiguration"]["level"]);
    const std::string uri =
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>();
    EXPECT_EQ(uri, UriEscape(r.target));
    EXPECT_EQ(uri.find_first_of("<>\" \\{}|^`"), std::string::npos) << uri;
    EXPECT_EQ(result["partialFingerprints"]["knoxFinding/v1"].get<std::string>().size(), 16u);
  }
  EXPECT_EQ(run["results"][0]["message"]["text"],
            "Session cookie without Secure (" + ValidUtf8("sid" + HostilePayload()) + ")");
}

TEST(SarifReport, FingerprintsAreStableAndDistinguishSubjects) {
  EXPECT_EQ(FindingFingerprint("KNOX-ATTR-001", "sid"), "0e6e2eae72cddc8f");  // FNV-1a 64
  EXPECT_NE(FindingFingerprint("KNOX-ATTR-001", "sid"),
            FindingFingerprint("KNOX-ATTR-001", "sid2"));
  EXPECT_NE(FindingFingerprint("KNOX-ATTR-001", "x"), FindingFingerprint("KNOX-ATTR-00", "1x"));
}

// --- HTML ---

TEST(HtmlReport, IsOneSelfContainedPageWithoutScripts) {
  const Report r = SampleReport();
  const std::string out = Render(r, Format::kHtml, RenderOptions{});
  EXPECT_EQ(out.rfind("<!DOCTYPE html>\n", 0), 0u);
  const size_t csp = out.find(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "&#39;none&#39;; style-src &#39;unsafe-inline&#39;");
  ASSERT_NE(csp, std::string::npos);
  EXPECT_LT(csp, out.find("<style>"));
  EXPECT_LT(csp, out.find("<title>"));
  EXPECT_THAT(out, Not(HasSubstr(" src=")));
  EXPECT_THAT(out, Not(HasSubstr("<link")));
  EXPECT_THAT(Lower(out), Not(HasSubstr("javascript:")));
  EXPECT_FALSE(std::regex_search(out, std::regex("<[^>]*\\son[a-z]+\\s*=", std::regex::icase)))
      << "event-handler attribute";
  EXPECT_EQ(Count(out, "<svg "), 2u);  // severity summary + entropy
  EXPECT_EQ(Count(out, "class=\"bar bar-entropy\""), r.entropy->bits_per_position.size());
  EXPECT_THAT(out, HasSubstr(MarkupEscape(r.target)));
  EXPECT_EQ(Count(out, "<article class=\"card"), 3u);
  EXPECT_LT(out.find("sev-high"), out.find("sev-medium"));
}

TEST(HtmlReport, WithoutEntropyHasOneChart) {
  Report r = SampleReport();
  r.entropy.reset();
  const std::string out = Render(r, Format::kHtml, RenderOptions{});
  EXPECT_EQ(Count(out, "<svg "), 1u);
  EXPECT_THAT(out, Not(HasSubstr("id=\"entropy\"")));
}

}  // namespace
}  // namespace knox::reports
