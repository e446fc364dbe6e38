#include "core/token/python_parsedate.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace knox::token {
namespace {

// ---- Python's view of the characters (Unicode 14.0, Python 3.11) -------------------------------

constexpr char32_t kInvalid = 0xFFFFFFFF;  // a byte that starts no UTF-8 sequence

struct CodePoint {
  char32_t value;
  size_t size;  // bytes
};

// One code point at the start of `s` (not empty); a bad sequence reads as one invalid byte.
CodePoint Decode(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = b(0);
  if (lead < 0x80) return {lead, 1};
  const size_t size = lead >= 0xF0 && lead < 0xF5 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (size == 0 || lead >= 0xF5 || s.size() < size) return {kInvalid, 1};
  char32_t cp = lead & (0x7F >> size);
  for (size_t i = 1; i < size; ++i) {
    if ((b(i) & 0xC0) != 0x80) return {kInvalid, 1};
    cp = (cp << 6) | (b(i) & 0x3F);
  }
  const bool overlong = (size == 3 && cp < 0x800) || (size == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) return {kInvalid, 1};
  return {cp, size};
}

// str.isspace(): what str.split() with no argument splits on.
bool IsPySpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

// The zero of every run of ten Unicode decimal digits (category Nd) beyond ASCII.
constexpr std::array<char32_t, 65> kDecimalZeros = {
    0x660,   0x6f0,   0x7c0,   0x966,   0x9e6,   0xa66,   0xae6,   0xb66,   0xbe6,   0xc66,
    0xce6,   0xd66,   0xde6,   0xe50,   0xed0,   0xf20,   0x1040,  0x1090,  0x17e0,  0x1810,
    0x1946,  0x19d0,  0x1a80,  0x1a90,  0x1b50,  0x1bb0,  0x1c40,  0x1c50,  0xa620,  0xa8d0,
    0xa900,  0xa9d0,  0xa9f0,  0xaa50,  0xabf0,  0xff10,  0x104a0, 0x10d30, 0x11066, 0x110f0,
    0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950,
    0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec,
    0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0};

// The digit value int() gives `c`, or -1.
int DecimalValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  for (char32_t zero : kDecimalZeros) {
    if (c >= zero && c < zero + 10) return static_cast<int>(c - zero);
  }
  return -1;
}

// Characters str.isdigit() accepts that are not decimal digits (superscripts, circled digits...):
// the year's first character passes the isdigit() test with them, and int() then refuses them.
constexpr std::array<std::pair<char32_t, char32_t>, 20> kDigitsNotDecimal = {{
    {0xb2, 0xb3},       {0xb9, 0xb9},       {0x1369, 0x1371},   {0x19da, 0x19da},
    {0x2070, 0x2070},   {0x2074, 0x2079},   {0x2080, 0x2089},   {0x2460, 0x2468},
    {0x2474, 0x247c},   {0x2488, 0x2490},   {0x24ea, 0x24ea},   {0x24f5, 0x24fd},
    {0x24ff, 0x24ff},   {0x2776, 0x277e},   {0x2780, 0x2788},   {0x278a, 0x2792},
    {0x10a40, 0x10a43}, {0x10e60, 0x10e68}, {0x11052, 0x1105a}, {0x1f100, 0x1f10a},
}};

bool IsPyDigit(char32_t c) {
  if (DecimalValue(c) >= 0) return true;
  return std::any_of(kDigitsNotDecimal.begin(), kDigitsNotDecimal.end(),
                     [c](const auto& r) { return c >= r.first && c <= r.second; });
}

// str.upper() where the result is ASCII (zone names are); nullopt when it cannot be.
std::optional<std::string> UpperAscii(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    const CodePoint cp = Decode(s);
    s.remove_prefix(cp.size);
    const char32_t c = cp.value;
    if (c < 0x80) {
      out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : static_cast<char>(c));
      continue;
    }
    switch (c) {
      case 0xDF:
        out += "SS";
        break;  // ß
      case 0x131:
        out += "I";
        break;  // dotless i
      case 0x17F:
        out += "S";
        break;  // long s
      case 0xFB00:
        out += "FF";
        break;  // ligatures
      case 0xFB01:
        out += "FI";
        break;
      case 0xFB02:
        out += "FL";
        break;
      case 0xFB03:
        out += "FFI";
        break;
      case 0xFB04:
        out += "FFL";
        break;
      case 0xFB05:
      case 0xFB06:
        out += "ST";
        break;
      default:
        return std::nullopt;
    }
  }
  return out;
}

// str.lower() == `name` for an ASCII lower-case name: only ASCII text can match (the one other
// character whose lower case is ASCII, KELVIN SIGN -> 'k', is in no day or month name).
bool LowerEquals(std::string_view s, std::string_view name) {
  if (s.size() != name.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != name[i]) return false;
  }
  return true;
}

// ---- int() -----------------------------------------------------------------------------------

constexpr size_t kMaxIntDigits = 4300;  // sys.get_int_max_str_digits() in Python 3.11

struct PyInt {
  bool ok = false;               // false: int() raises ValueError
  std::optional<int64_t> value;  // nullopt: beyond int64
};

// int(text) for text without whitespace (every token here comes out of str.split()): an optional
// sign, then decimal digits of any script with single underscores between digits.
PyInt ParseInt(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  size_t digits = 0;
  bool after_digit = false;  // an underscore may follow a digit only
  bool fits = true;
  int64_t magnitude = 0;  // negative accumulation: int64's minimum fits too
  while (!text.empty()) {
    const CodePoint cp = Decode(text);
    text.remove_prefix(cp.size);
    if (cp.value == '_') {
      if (!after_digit || text.empty()) return {};
      after_digit = false;
      continue;
    }
    const int d = DecimalValue(cp.value);
    if (d < 0) return {};
    ++digits;
    after_digit = true;
    if (fits && magnitude < (std::numeric_limits<int64_t>::min() + d) / 10) fits = false;
    if (fits) magnitude = magnitude * 10 - d;
  }
  if (digits == 0 || digits > kMaxIntDigits) return {};
  if (!fits) return {.ok = true};
  if (!negative) {
    if (magnitude == std::numeric_limits<int64_t>::min()) return {.ok = true};
    return {.ok = true, .value = -magnitude};
  }
  return {.ok = true, .value = magnitude};
}

// ---- parsedate_tz --------------------------------------------------------------------------

constexpr std::array<std::string_view, 7> kDayNames = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};
constexpr std::array<std::string_view, 24> kMonthNames = {
    "jan", "feb",  "mar",  "apr",    "may",       "jun",      "jul",      "aug",
    "sep", "oct",  "nov",  "dec",    "january",   "february", "march",    "april",
    "may", "june", "july", "august", "september", "october",  "november", "december"};

struct Zone {
  std::string_view name;
  int64_t hhmm;
};
constexpr std::array<Zone, 14> kZones = {{{"UT", 0},
                                          {"UTC", 0},
                                          {"GMT", 0},
                                          {"Z", 0},
                                          {"AST", -400},
                                          {"ADT", -300},
                                          {"EST", -500},
                                          {"EDT", -400},
                                          {"CST", -600},
                                          {"CDT", -500},
                                          {"MST", -700},
                                          {"MDT", -600},
                                          {"PST", -800},
                                          {"PDT", -700}}};

std::vector<std::string> SplitWhitespace(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  while (!text.empty()) {
    const CodePoint cp = Decode(text);
    if (IsPySpace(cp.value)) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.append(text.substr(0, cp.size));
    }
    text.remove_prefix(cp.size);
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// str.split(sep) for one ASCII separator: empty parts kept.
std::vector<std::string> SplitOn(std::string_view text, char sep) {
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    const size_t end = text.find(sep, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

void DropTrailingComma(std::string& s) {
  if (!s.empty() && s.back() == ',') s.pop_back();
}

// 1..12 for a month name in any ASCII case, else 0 ("may" is both lists' fifth).
int64_t MonthNumber(std::string_view word) {
  for (size_t i = 0; i < kMonthNames.size(); ++i) {
    if (LowerEquals(word, kMonthNames[i])) return static_cast<int64_t>(i % 12 + 1);
  }
  return 0;
}

bool IsDayName(std::string_view word) {
  return std::any_of(kDayNames.begin(), kDayNames.end(),
                     [&](std::string_view d) { return LowerEquals(word, d); });
}

// The word list reshaped into exactly [day, month, year, time, zone], or nullopt.
std::optional<std::array<std::string, 5>> FiveFields(std::vector<std::string> w) {
  if (w.front().ends_with(',') || IsDayName(w.front())) {
    w.erase(w.begin());  // a day name, with or without its comma
  } else if (const size_t comma = w.front().rfind(','); comma != std::string::npos) {
    w.front().erase(0, comma + 1);  // "Mon,3" style: what follows the last comma
  }
  if (w.size() == 3) {  // RFC 850: "03-Dec-26 10:00:00 GMT"
    std::vector<std::string> parts = SplitOn(w[0], '-');
    if (parts.size() == 3) {
      parts.insert(parts.end(), w.begin() + 1, w.end());
      w = std::move(parts);
    }
  }
  if (w.size() == 4) {  // the zone glued to the time ("10:00+0100"), or no zone at all
    const std::string s = w[3];
    size_t sign = s.find('+');
    if (sign == std::string::npos) sign = s.find('-');
    if (sign != std::string::npos && sign > 0) {
      w[3] = s.substr(0, sign);
      w.push_back(s.substr(sign));
    } else {
      w.emplace_back();
    }
  }
  if (w.size() < 5) return std::nullopt;
  return std::array<std::string, 5>{w[0], w[1], w[2], w[3], w[4]};
}

// +hhmm / -hhmm (as an int: hh * 100 + mm) in seconds east of UTC; nullopt beyond int64.
std::optional<int64_t> OffsetSeconds(std::optional<int64_t> hhmm) {
  if (!hhmm || *hhmm == std::numeric_limits<int64_t>::min()) return std::nullopt;
  const int64_t sign = *hhmm < 0 ? -1 : 1;
  const int64_t m = *hhmm < 0 ? -*hhmm : *hhmm;
  if (m >= 250'000'000'000'000'000) return std::nullopt;  // 36 * m would not fit
  return sign * ((m / 100) * 3600 + (m % 100) * 60);
}

bool FitsCInt(const std::optional<int64_t>& v) {
  return v && *v >= std::numeric_limits<int32_t>::min() &&
         *v <= std::numeric_limits<int32_t>::max();
}

int64_t DaysInMonth(int64_t year, int64_t month) {
  static constexpr std::array<int64_t, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<size_t>(month - 1)];
}

bool InRange(const std::optional<int64_t>& v, int64_t lo, int64_t hi) {
  return v && *v >= lo && *v <= hi;
}

}  // namespace

std::optional<PyDateTuple> PythonParsedateTz(std::string_view text) {
  std::vector<std::string> words = SplitWhitespace(text);
  if (words.empty()) return std::nullopt;
  auto fields = FiveFields(std::move(words));
  if (!fields) return std::nullopt;
  auto& [dd, mm, yy, tm, tz] = *fields;
  if (dd.empty() || mm.empty() || yy.empty()) return std::nullopt;
  PyDateTuple out;
  out.month = MonthNumber(mm);
  if (out.month == 0) {  // "3 Dec" or "Dec 3": the month may come first
    out.month = MonthNumber(dd);
    if (out.month == 0) return std::nullopt;
    dd = mm;
  }
  DropTrailingComma(dd);
  if (const size_t colon = yy.find(':'); colon != std::string::npos && colon > 0) {
    std::swap(yy, tm);  // the time before the year ("Dec 3 10:00:00 2026")
  }
  DropTrailingComma(yy);
  if (yy.empty()) return std::nullopt;
  if (!IsPyDigit(Decode(yy).value)) std::swap(yy, tz);  // the zone before the year
  DropTrailingComma(tm);
  std::vector<std::string> hms = SplitOn(tm, ':');
  if (hms.size() == 1 && tm.find('.') != std::string::npos) hms = SplitOn(tm, '.');
  if (hms.size() == 2) hms.emplace_back("0");
  if (hms.size() != 3) return std::nullopt;
  const PyInt year = ParseInt(yy);
  const PyInt day = ParseInt(dd);
  const PyInt hour = ParseInt(hms[0]);
  const PyInt minute = ParseInt(hms[1]);
  const PyInt second = ParseInt(hms[2]);
  if (!year.ok || !day.ok || !hour.ok || !minute.ok || !second.ok) return std::nullopt;
  out.year = year.value;
  if (out.year && *out.year < 100) *out.year += *out.year > 68 ? 1900 : 2000;
  out.day = day.value;
  out.hour = hour.value;
  out.minute = minute.value;
  out.second = second.value;
  const std::optional<std::string> upper = UpperAscii(tz);
  const auto zone = std::find_if(kZones.begin(), kZones.end(),
                                 [&](const Zone& z) { return upper && *upper == z.name; });
  if (zone != kZones.end()) {
    out.has_offset = true;
    out.offset_sec = OffsetSeconds(zone->hhmm);
  } else if (const PyInt n = ParseInt(tz); n.ok && !(n.value == 0 && tz.starts_with('-'))) {
    out.has_offset = true;  // "-0000" (any zero with a minus) means "zone unknown": None
    out.offset_sec = OffsetSeconds(n.value);
  }
  return out;
}

WerkzeugDate WerkzeugParseDate(std::string_view text) {
  const std::optional<PyDateTuple> t = PythonParsedateTz(text);
  if (!t) return WerkzeugDate::kNone;
  if (t->has_offset) {  // timezone(timedelta(seconds=offset)), evaluated before datetime(...)
    if (!t->offset_sec) return WerkzeugDate::kRaises;
    const int64_t s = *t->offset_sec;
    const int64_t days = s / 86400 - (s % 86400 < 0 ? 1 : 0);
    if (days > 999'999'999 || days < -999'999'999) return WerkzeugDate::kRaises;
    if (s <= -86400 || s >= 86400) return WerkzeugDate::kNone;
  }
  // datetime(...) converts every field to a C int (OverflowError) before checking ranges.
  for (const auto& field :
       {t->year, std::optional<int64_t>(t->month), t->day, t->hour, t->minute, t->second}) {
    if (!FitsCInt(field)) return WerkzeugDate::kRaises;
  }
  if (!InRange(t->year, 1, 9999) || !InRange(t->day, 1, DaysInMonth(*t->year, t->month)) ||
      !InRange(t->hour, 0, 23) || !InRange(t->minute, 0, 59) || !InRange(t->second, 0, 59)) {
    return WerkzeugDate::kNone;
  }
  return WerkzeugDate::kDatetime;
}

}  // namespace knox::token
