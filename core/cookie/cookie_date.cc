#include "core/cookie/cookie_date.h"

#include <array>
#include <cstddef>
#include <optional>

#include "core/base/ascii.h"

namespace knox::cookie {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> kWeekdays = {"Thu", "Fri", "Sat", "Sun",
                                                       "Mon", "Tue", "Wed"};  // 1970-01-01 first

// delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
bool IsDelimiter(unsigned char c) {
  return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40) ||
         (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
}

bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Reads 1..max_digits DIGITs at `pos` that are not followed by another DIGIT. Advances `pos`.
std::optional<int> ReadField(std::string_view token, size_t& pos, size_t min_digits,
                             size_t max_digits) {
  size_t start = pos;
  int value = 0;
  while (pos < token.size() && IsDigit(static_cast<unsigned char>(token[pos]))) {
    if (pos - start == max_digits) return std::nullopt;  // one digit too many
    value = value * 10 + (token[pos] - '0');
    ++pos;
  }
  if (pos - start < min_digits) return std::nullopt;
  return value;
}

// time = hms-time ( non-digit *OCTET ); hms-time = time-field ":" time-field ":" time-field
bool MatchTime(std::string_view token, int& hour, int& minute, int& second) {
  size_t pos = 0;
  auto colon = [&] {
    if (pos >= token.size() || token[pos] != ':') return false;
    ++pos;
    return true;
  };
  auto h = ReadField(token, pos, 1, 2);
  if (!h || !colon()) return false;
  auto m = ReadField(token, pos, 1, 2);
  if (!m || !colon()) return false;
  auto s = ReadField(token, pos, 1, 2);
  if (!s) return false;
  hour = *h;
  minute = *m;
  second = *s;
  return true;
}

// day-of-month = 1*2DIGIT ( non-digit *OCTET ); year = 2*4DIGIT ( non-digit *OCTET )
bool MatchNumber(std::string_view token, size_t min_digits, size_t max_digits, int& out) {
  size_t pos = 0;
  auto v = ReadField(token, pos, min_digits, max_digits);
  if (!v) return false;
  out = *v;
  return true;
}

// month = ( "jan" / ... / "dec" ) *OCTET, case-insensitive
bool MatchMonth(std::string_view token, int& month) {
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (StartsWithIgnoreCase(token, kMonths[i])) {
      month = static_cast<int>(i) + 1;
      return true;
    }
  }
  return false;
}

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (the well-known era-based conversion).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  int64_t year;
  int month;
  int day;
};

Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

void AppendTwoDigits(std::string& out, int64_t v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

// First second of 1601-01-01 and last second of 9999-12-31.
constexpr int64_t kMinDate = -11644473600;
constexpr int64_t kMaxDate = 253402300799;

}  // namespace

Result<int64_t> ParseCookieDate(std::string_view text) {
  bool found_time = false, found_day = false, found_month = false, found_year = false;
  int hour = 0, minute = 0, second = 0, day = 0, month = 0, year = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && IsDelimiter(static_cast<unsigned char>(text[pos]))) ++pos;
    size_t start = pos;
    while (pos < text.size() && !IsDelimiter(static_cast<unsigned char>(text[pos]))) ++pos;
    std::string_view token = text.substr(start, pos - start);
    if (token.empty()) continue;
    if (!found_time && MatchTime(token, hour, minute, second)) {
      found_time = true;
    } else if (!found_day && MatchNumber(token, 1, 2, day)) {
      found_day = true;
    } else if (!found_month && MatchMonth(token, month)) {
      found_month = true;
    } else if (!found_year && MatchNumber(token, 2, 4, year)) {
      found_year = true;
    }
  }
  if (year >= 70 && year <= 99) year += 1900;
  if (year >= 0 && year <= 69) year += 2000;
  if (!found_time || !found_day || !found_month || !found_year) {
    return Fail(ErrorCode::kMalformed, "cookie-date lacks a time, day, month or year");
  }
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) {
    return Fail(ErrorCode::kMalformed, "cookie-date field out of range");
  }
  if (day > DaysInMonth(year, month)) {
    return Fail(ErrorCode::kMalformed, "cookie-date names a day the month does not have");
  }
  return DaysFromCivil(year, month, day) * kSecondsPerDay + int64_t{hour} * 3600 +
         int64_t{minute} * 60 + second;
}

Result<std::string> FormatCookieDate(int64_t seconds) {
  if (seconds < kMinDate || seconds > kMaxDate) {
    return Fail(ErrorCode::kInvalidArgument, "date outside the years 1601..9999");
  }
  int64_t days =
      seconds >= 0 ? seconds / kSecondsPerDay : -((-seconds + kSecondsPerDay - 1) / kSecondsPerDay);
  int64_t rem = seconds - days * kSecondsPerDay;
  Civil c = CivilFromDays(days);
  std::string out;
  out.reserve(29);
  out.append(kWeekdays[static_cast<size_t>(((days % 7) + 7) % 7)]);
  out.append(", ");
  AppendTwoDigits(out, c.day);
  out.push_back(' ');
  std::string_view month = kMonths[static_cast<size_t>(c.month - 1)];
  out.push_back(static_cast<char>(month[0] - 'a' + 'A'));
  out.append(month.substr(1));
  out.push_back(' ');
  AppendTwoDigits(out, c.year / 100);
  AppendTwoDigits(out, c.year % 100);
  out.push_back(' ');
  AppendTwoDigits(out, rem / 3600);
  out.push_back(':');
  AppendTwoDigits(out, rem / 60 % 60);
  out.push_back(':');
  AppendTwoDigits(out, rem % 60);
  out.append(" GMT");
  return out;
}

}  // namespace knox::cookie
