// The registry's own invariants: ids unique, well-formed and permanent in form, metadata complete,
// table in id order (DESIGN §5).
#include "conformance/checks/registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <utility>

namespace knox::checks {
namespace {

// (family rank in kFamilies, number) of a well-formed id.
std::pair<size_t, int> IdKey(std::string_view id) {
  std::string s(id);
  std::smatch m;
  EXPECT_TRUE(std::regex_match(s, m, std::regex("KNOX-([A-Z]+)-([0-9]{3})"))) << id;
  if (m.size() != 3) return {kFamilies.size(), 0};
  auto family = std::find(kFamilies.begin(), kFamilies.end(), m[1].str());
  int number = std::stoi(m[2].str());
  return {static_cast<size_t>(family - kFamilies.begin()), number};
}

TEST(Registry, IdsAreWellFormedAndInKnownFamilies) {
  ASSERT_FALSE(AllChecks().empty());
  for (const Check& c : AllChecks()) {
    auto [family, number] = IdKey(c.info->id);
    EXPECT_LT(family, kFamilies.size()) << c.info->id << ": unknown family";
    EXPECT_GE(number, 1) << c.info->id;
  }
}

TEST(Registry, IdsAreUnique) {
  std::set<std::string_view> ids;
  for (const Check& c : AllChecks()) EXPECT_TRUE(ids.insert(c.info->id).second) << c.info->id;
}

TEST(Registry, TableIsInIdOrder) {
  auto checks = AllChecks();
  for (size_t i = 1; i < checks.size(); ++i) {
    EXPECT_LT(IdKey(checks[i - 1].info->id), IdKey(checks[i].info->id))
        << checks[i - 1].info->id << " before " << checks[i].info->id;
  }
}

TEST(Registry, NumbersWithinAFamilyHaveNoGaps) {
  std::pair<size_t, int> previous{kFamilies.size(), 0};
  for (const Check& c : AllChecks()) {
    auto key = IdKey(c.info->id);
    if (key.first != previous.first) {
      EXPECT_EQ(key.second, 1) << c.info->id << ": a family starts at 001";
    } else {
      EXPECT_EQ(key.second, previous.second + 1) << c.info->id;
    }
    previous = key;
  }
}

TEST(Registry, MetadataIsComplete) {
  const std::regex asvs("n/a|[0-9]+\\.[0-9]+\\.[0-9]+");
  const std::regex wstg("WSTG-[A-Z]{4}-[0-9]{2}");
  for (const Check& c : AllChecks()) {
    const CheckInfo& i = *c.info;
    SCOPED_TRACE(std::string(i.id));
    EXPECT_FALSE(i.title.empty());
    EXPECT_FALSE(i.rationale.empty());
    EXPECT_FALSE(i.remediation.empty());
    EXPECT_GT(i.cwe, 0);
    EXPECT_TRUE(std::regex_match(std::string(i.asvs4), asvs)) << i.asvs4;
    EXPECT_TRUE(std::regex_match(std::string(i.asvs5), asvs)) << i.asvs5;
    EXPECT_TRUE(std::regex_match(std::string(i.wstg), wstg)) << i.wstg;
    EXPECT_NE(c.run, nullptr);
    // One line each: the text table and the Markdown table depend on it.
    for (std::string_view s : {i.title, i.rationale, i.remediation}) {
      EXPECT_EQ(s.find_first_of("\n|"), std::string_view::npos) << s;
    }
  }
}

TEST(Registry, UndecidedFactsProduceNoFinding) { EXPECT_TRUE(RunAll(SessionFacts{}).empty()); }

TEST(Severity, NamesRoundTripAndAreOrdered) {
  for (Severity s : {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh}) {
    auto parsed = ParseSeverity(SeverityName(s));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_EQ(SeverityName(Severity::kMedium), "medium");
  EXPECT_LT(Severity::kLow, Severity::kHigh);
  for (std::string_view bad : {"", "High", "critical", "info "}) {
    auto parsed = ParseSeverity(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace knox::checks
