// How Flask 2.2 reads a tagged datetime ({" d": TEXT}, flask/json/tag.py TagDateTime): werkzeug
// 2.2's parse_date(TEXT), which is email.utils.parsedate_to_datetime of Python 3.11 with its
// ValueError and TypeError turned into None. knox's own implementation of the behaviour documented
// for email.utils.parsedate_tz (RFC 2822 dates and the lenient shapes Python accepts: no day name
// or a day name without its comma, RFC 850 "dd-Mon-yy", day and month in either order, a year
// after the time, time zones by name or as +hhmm, "-0000" as "no zone", two-digit years
// 00-68 -> 20xx and 69-99 -> 19xx, times hh:mm[:ss] or hh.mm[.ss]), checked against Python itself
// on thousands of strings (interop/vectors/parsedate.jsonl, gen_vectors_parsedate.py).
//
// The text is the UTF-8 of a Python str and is read as Python reads it: str.split() on Unicode
// whitespace, int() with any Unicode decimal digits, single underscores and CPython 3.11's limit
// of 4300 digits, str.isdigit() for the year's first character, str.upper() for zone names
// (so "eſt" is EST). Invalid UTF-8 (no Python str has it) is read byte by byte as
// non-digit, non-space characters. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace knox::token {

// email.utils.parsedate_tz's tuple, without its three constant fields (0, 1, -1). Python's ints
// are unbounded: nullopt stands for a value beyond int64.
struct PyDateTuple {
  std::optional<int64_t> year;  // two-digit years already widened as Python does
  int64_t month = 1;            // 1..12
  std::optional<int64_t> day;
  std::optional<int64_t> hour;
  std::optional<int64_t> minute;
  std::optional<int64_t> second;
  bool has_offset = false;            // false: None (no zone, an unknown zone, or "-0000")
  std::optional<int64_t> offset_sec;  // with has_offset: seconds east of UTC
};

// email.utils.parsedate_tz(text): nullopt where Python returns None.
std::optional<PyDateTuple> PythonParsedateTz(std::string_view text);

// werkzeug.http.parse_date(text) in Flask 2.2's untagging:
//  kNone      Python returns None (parsedate_tz gave None, or the time zone or a field is out of
//             range for datetime: ValueError, caught);
//  kDatetime  a datetime;
//  kRaises    OverflowError escapes werkzeug (a zone offset beyond timedelta's ±999999999 days,
//             or a field beyond a C int), which Flask does not catch.
enum class WerkzeugDate { kNone, kDatetime, kRaises };
WerkzeugDate WerkzeugParseDate(std::string_view text);

}  // namespace knox::token
