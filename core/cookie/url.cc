#include "core/cookie/url.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "core/base/ascii.h"
#include "core/base/hex.h"

namespace knox::cookie {
namespace {

constexpr size_t kMaxUrlBytes = 8192;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Printable ASCII without space; '\\' is rejected because WHATWG treats it as '/' in http URLs.
bool IsUrlChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7F && c != '\\';
}

std::optional<int> ParseDecimalOctet(std::string_view s) {
  if (s.empty() || s.size() > 3 || (s.size() > 1 && s.front() == '0')) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v <= 255 ? std::optional<int>(v) : std::nullopt;
}

// Four decimal octets (the IPv4 tail of an IPv6 address too).
std::optional<std::array<int, 4>> ParseIpv4(std::string_view s) {
  std::array<int, 4> out{};
  for (size_t i = 0; i < 4; ++i) {
    size_t dot = s.find('.');
    if ((i < 3) == (dot == std::string_view::npos)) return std::nullopt;
    auto octet = ParseDecimalOctet(s.substr(0, dot));
    if (!octet) return std::nullopt;
    out[i] = *octet;
    s = i < 3 ? s.substr(dot + 1) : std::string_view();
  }
  return out;
}

// Parses the text between the brackets into eight 16-bit groups.
std::optional<std::array<uint16_t, 8>> ParseIpv6(std::string_view s) {
  std::array<uint16_t, 8> groups{};
  size_t count = 0;
  std::optional<size_t> gap;  // index where "::" stands
  if (s.starts_with("::")) {
    gap = 0;
    s.remove_prefix(2);
  } else if (s.starts_with(":")) {
    return std::nullopt;
  }
  while (!s.empty()) {
    if (count == 8) return std::nullopt;
    size_t colon = s.find(':');
    std::string_view piece = s.substr(0, colon);
    if (piece.find('.') != std::string_view::npos) {
      if (colon != std::string_view::npos || count > 6) return std::nullopt;
      auto v4 = ParseIpv4(piece);
      if (!v4) return std::nullopt;
      groups[count++] = static_cast<uint16_t>((*v4)[0] << 8 | (*v4)[1]);
      groups[count++] = static_cast<uint16_t>((*v4)[2] << 8 | (*v4)[3]);
      s = {};
      break;
    }
    if (piece.empty() || piece.size() > 4) return std::nullopt;
    unsigned v = 0;
    for (char c : piece) {
      int h = HexDigitValue(c);
      if (h < 0) return std::nullopt;
      v = v * 16 + static_cast<unsigned>(h);
    }
    groups[count++] = static_cast<uint16_t>(v);
    if (colon == std::string_view::npos) {
      s = {};
    } else if (s.substr(colon).starts_with("::")) {
      if (gap) return std::nullopt;
      gap = count;
      s = s.substr(colon + 2);
    } else {
      s = s.substr(colon + 1);
      if (s.empty()) return std::nullopt;  // trailing single ':'
    }
  }
  if (gap) {
    if (count == 8) return std::nullopt;  // "::" must stand for at least one group
    std::array<uint16_t, 8> full{};
    size_t tail = count - *gap;
    std::copy_n(groups.begin(), *gap, full.begin());
    std::copy_n(groups.begin() + static_cast<std::ptrdiff_t>(*gap), tail,
                full.begin() + static_cast<std::ptrdiff_t>(8 - tail));
    return full;
  }
  if (count != 8) return std::nullopt;
  return groups;
}

// RFC 5952: lower-case hex, no leading zeros, the longest run (>= 2) of zero groups as "::".
std::string FormatIpv6(const std::array<uint16_t, 8>& g) {
  size_t best_start = 8, best_len = 0;
  for (size_t i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "[";
  for (size_t i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (i > 0 && out.back() != ':') out += ':';
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      unsigned nibble = (g[i] >> shift) & 0xF;
      if (nibble == 0 && !started && shift > 0) continue;
      started = true;
      out += kHex[nibble];
    }
  }
  out += ']';
  return out;
}

Result<HostKind> CanonicaliseName(std::string& host) {
  if (host.empty()) return Fail(ErrorCode::kMalformed, "URL has an empty host");
  for (char& c : host) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || c == '%') {
      return Fail(ErrorCode::kMalformed, "URL host must be ASCII (use the punycode A-label)");
    }
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '-' ||
              c == '.' || c == '_';
    if (!ok) return Fail(ErrorCode::kMalformed, "URL host has a forbidden character");
    c = AsciiToLower(c);
  }
  std::string_view name = host;
  if (name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.front() == '.' || name.find("..") != std::string_view::npos) {
    return Fail(ErrorCode::kMalformed, "URL host has an empty label");
  }
  std::string_view last =
      name.substr(name.rfind('.') == std::string_view::npos ? 0 : name.rfind('.') + 1);
  if (std::all_of(last.begin(), last.end(), IsDigit) || last.starts_with("0x")) {
    // WHATWG reads such hosts as IPv4 in many notations; accept only the unambiguous one.
    if (host.back() == '.' || !ParseIpv4(host)) {
      return Fail(ErrorCode::kMalformed, "URL host is an IPv4 address not in dotted-decimal form");
    }
    return HostKind::kIPv4;
  }
  return HostKind::kDomain;
}

uint16_t DefaultPort(std::string_view scheme) {
  return (scheme == "https" || scheme == "wss") ? 443 : 80;
}

}  // namespace

bool Url::IsSecureScheme() const { return scheme == "https" || scheme == "wss"; }

bool Url::IsPotentiallyTrustworthy() const {
  if (IsSecureScheme()) return true;
  switch (host_kind) {
    case HostKind::kIPv4:
      return host.starts_with("127.");
    case HostKind::kIPv6:
      return host == "[::1]";
    case HostKind::kDomain: {
      std::string_view h = host;
      if (h.ends_with('.')) h.remove_suffix(1);
      return h == "localhost" || h.ends_with(".localhost");
    }
  }
  return false;
}

std::string Url::Serialize() const {
  // Appends only: g++ 12 -O3 reports a false -Wrestrict on `"literal" + std::string` (PR 105329).
  std::string out;
  out.append(scheme).append("://").append(host);
  if (port != DefaultPort(scheme)) out.append(":").append(std::to_string(port));
  out.append(path);
  if (query) out.append("?").append(*query);
  return out;
}

Result<Url> ParseUrl(std::string_view text) {
  if (text.size() > kMaxUrlBytes)
    return Fail(ErrorCode::kLimitExceeded, "URL longer than 8192 bytes");
  if (!std::all_of(text.begin(), text.end(), IsUrlChar)) {
    return Fail(ErrorCode::kMalformed, "URL has a space, control, backslash or non-ASCII byte");
  }
  Url url;
  size_t sep = text.find("://");
  if (sep == std::string_view::npos) return Fail(ErrorCode::kMalformed, "URL is not absolute");
  url.scheme = AsciiStrToLower(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https" && url.scheme != "ws" && url.scheme != "wss") {
    return Fail(ErrorCode::kMalformed, "URL scheme is not http, https, ws or wss");
  }
  std::string_view rest = text.substr(sep + 3);
  size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return Fail(ErrorCode::kMalformed, "URL userinfo is not supported");
  }
  std::string_view host = authority, port;
  bool has_port = false;
  if (authority.starts_with("[")) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return Fail(ErrorCode::kMalformed, "URL IPv6 host lacks ']'");
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        return Fail(ErrorCode::kMalformed, "URL has junk after the IPv6 host");
      has_port = true;
      port = after.substr(1);
    }
    auto groups = ParseIpv6(host.substr(1, host.size() - 2));
    if (!groups) return Fail(ErrorCode::kMalformed, "URL IPv6 host is invalid");
    url.host = FormatIpv6(*groups);
    url.host_kind = HostKind::kIPv6;
  } else {
    if (size_t colon = authority.find(':'); colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      has_port = true;
    }
    url.host = std::string(host);
    auto kind = CanonicaliseName(url.host);
    if (!kind) return std::unexpected(kind.error());
    url.host_kind = *kind;
  }
  url.port = DefaultPort(url.scheme);
  if (has_port && !port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), IsDigit)) {
      return Fail(ErrorCode::kMalformed, "URL port is not a number");
    }
    unsigned long value = std::stoul(std::string(port));
    if (value > 65535) return Fail(ErrorCode::kMalformed, "URL port is over 65535");
    url.port = static_cast<uint16_t>(value);
  }
  rest = rest.substr(0, rest.find('#'));
  size_t q = rest.find('?');
  std::string_view path = rest.substr(0, q);
  url.path.assign(path.empty() ? std::string_view("/") : path);
  if (q != std::string_view::npos) url.query = std::string(rest.substr(q + 1));
  return url;
}

namespace {

// RFC 3986 §5.2.4: "." and ".." segments removed from an absolute path.
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 1;  // after the leading '/'
  bool trailing_slash = false;
  while (i <= path.size()) {
    size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(i, end - i);
    const bool last = end == path.size();
    if (segment == "..") {
      if (!out.empty()) out.pop_back();
      trailing_slash = last;
    } else if (segment == ".") {
      trailing_slash = last;
    } else {
      out.push_back(segment);
      trailing_slash = false;
    }
    i = end + 1;
  }
  std::string result;
  for (std::string_view s : out) {
    result += '/';
    result += s;
  }
  if (trailing_slash || result.empty()) result += '/';
  return result;
}

std::string_view TrimAsciiWhitespace(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\r\f";
  const size_t first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

std::string Authority(const Url& url) {
  std::string text = url.scheme + "://" + url.host;
  if (url.port != DefaultPort(url.scheme)) text += ":" + std::to_string(url.port);
  return text;
}

}  // namespace

Result<Url> ResolveReference(const Url& base, std::string_view reference) {
  std::string_view ref = TrimAsciiWhitespace(reference);
  if (const size_t hash = ref.find('#'); hash != std::string_view::npos) ref = ref.substr(0, hash);
  // A scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" before any '/', '?'.
  const size_t colon = ref.find(':');
  const size_t delimiter = ref.find_first_of("/?");
  if (colon != std::string_view::npos && colon > 0 &&
      (delimiter == std::string_view::npos || colon < delimiter)) {
    return ParseUrl(ref);
  }
  if (ref.starts_with("//")) return ParseUrl(base.scheme + ":" + std::string(ref));
  std::string path;
  std::optional<std::string> query;
  const size_t q = ref.find('?');
  const std::string_view ref_path = ref.substr(0, q);
  if (q != std::string_view::npos) query = std::string(ref.substr(q + 1));
  if (ref_path.empty()) {
    path = base.path;
    if (q == std::string_view::npos) query = base.query;
  } else if (ref_path.front() == '/') {
    path = RemoveDotSegments(ref_path);
  } else {
    const std::string_view dir = std::string_view(base.path).substr(0, base.path.rfind('/') + 1);
    path = RemoveDotSegments(std::string(dir) + std::string(ref_path));
  }
  return ParseUrl(Authority(base) + path + (query ? "?" + *query : ""));
}

}  // namespace knox::cookie
