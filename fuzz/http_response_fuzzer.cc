// Properties of the auditor's response parser (conformance/net/response_parser.h, RFC 9112) and of
// the Set-Cookie values it yields: parsing never crashes, is deterministic and respects the
// header and body limits; a parsed response re-framed with Content-Length parses back to the
// same status, fields and body; and every Set-Cookie value behaves as in set_cookie_parser_fuzzer
// (a wire form re-parses to the same cookie), so what the auditor reads is what a browser stores.
// The header look-ups (conformance/net/response.cc) find fields in any ASCII case, in order.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/net/response_parser.h"
#include "core/base/ascii.h"
#include "core/cookie/set_cookie.h"

namespace {

constexpr knox::net::ResponseLimits kLimits{.max_header_bytes = 4096, .max_body_bytes = 4096};

bool SameResponse(const knox::net::Response& a, const knox::net::Response& b) {
  return a.status == b.status && a.reason == b.reason && a.headers == b.headers && a.body == b.body;
}

bool IsFraming(std::string_view name) {
  return knox::EqualsIgnoreCase(name, "content-length") ||
         knox::EqualsIgnoreCase(name, "transfer-encoding");
}

bool BodyAllowed(int status) { return status >= 200 && status != 204 && status != 304; }

// The response without its framing fields, re-framed with Content-Length.
std::string Reframe(const knox::net::Response& r, knox::net::Response& expected) {
  expected = knox::net::Response{.status = r.status, .reason = r.reason, .body = r.body};
  std::string wire = "HTTP/1.1 " + std::to_string(r.status) + " " + r.reason + "\r\n";
  for (const auto& [name, value] : r.headers) {
    if (IsFraming(name)) continue;
    expected.headers.emplace_back(name, value);
    wire += name + ": " + value + "\r\n";
  }
  if (BodyAllowed(r.status)) {
    wire += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
    expected.headers.emplace_back("Content-Length", std::to_string(r.body.size()));
  }
  return wire + "\r\n" + r.body;
}

void CheckSetCookie(std::string_view value) {
  auto first = knox::cookie::ParseSetCookie(value);
  if (!first) return;
  if (first->name.size() + first->value.size() > 4096) std::abort();
  auto wire = knox::cookie::SerializeSetCookie(*first);
  if (!wire) return;
  auto second = knox::cookie::ParseSetCookie(*wire);
  if (!second) std::abort();
  first->problems.clear();
  second->problems.clear();
  if (*second != *first) std::abort();
}

// Header() is the first field of that name in any ASCII case, HeaderValues() every one in order;
// looked up in upper case and under a name no field has.
void CheckLookups(const knox::net::Response& r) {
  for (const auto& [name, value] : r.headers) {
    std::string upper = name;
    for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    std::vector<std::string> all;
    for (const auto& [other, v] : r.headers) {
      if (knox::EqualsIgnoreCase(other, name)) all.push_back(v);
    }
    if (r.HeaderValues(upper) != all || r.Header(upper) != all.front()) std::abort();
  }
  if (r.Header("X-Knox-Absent\x01") || !r.HeaderValues("X-Knox-Absent\x01").empty()) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto first = knox::net::ParseResponse(in, kLimits);
  auto again = knox::net::ParseResponse(in, kLimits);
  if (first.has_value() != again.has_value()) std::abort();
  if (!first) {
    if (first.error() != again.error()) std::abort();
    return 0;
  }
  if (!SameResponse(*first, *again)) std::abort();
  if (first->status < 100 || first->status > 999) std::abort();
  size_t field_bytes = 0;
  for (const auto& [name, value] : first->headers) field_bytes += name.size() + value.size();
  if (field_bytes > kLimits.max_header_bytes || first->body.size() > kLimits.max_body_bytes) {
    std::abort();
  }
  if (!BodyAllowed(first->status) && !first->body.empty()) std::abort();

  knox::net::Response expected;
  std::string reframed = Reframe(*first, expected);
  auto round_trip = knox::net::ParseResponse(
      reframed, knox::net::ResponseLimits{.max_header_bytes = 1 << 20, .max_body_bytes = 1 << 20});
  if (!round_trip || !SameResponse(*round_trip, expected)) std::abort();

  CheckLookups(*first);
  for (const auto& value : first->HeaderValues("Set-Cookie")) CheckSetCookie(value);
  return 0;
}
