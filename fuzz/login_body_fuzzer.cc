// Properties of the reference server's login-body parser (core/server/login_body.h). The input is
// "CONTENT-TYPE\nBODY" (no newline: no Content-Type, the whole input is the body).
//   - The error kind follows the media type alone: kInvalidArgument (415) exactly when the
//     Content-Type is absent or neither form nor JSON, otherwise success or kMalformed (400).
//   - A repeated "username" or "password" member is kMalformed in JSON as in a form (the header's
//     contract; an independent count of the top-level keys is the oracle).
//   - Credentials read from either encoding re-encode into the other (and into their own) and read
//     back unchanged: form and JSON bodies carry the same values.
//   - FormDecode inverts a full percent-encoding of any bytes; MediaType is trimmed and idempotent.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/ascii.h"
#include "core/server/login_body.h"

namespace {

using knox::ErrorCode;
using knox::server::Credentials;
using knox::server::ParseLoginBody;

constexpr std::string_view kForm = "application/x-www-form-urlencoded";
constexpr std::string_view kJson = "application/json";

std::string PercentEncodeAll(std::string_view in) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

// Spaces as '+', a few bytes left as they are, the rest escaped: another valid encoding.
std::string FormEncodeMixed(std::string_view in) {
  std::string out;
  for (char c : in) {
    if (c == ' ') {
      out += '+';
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
      out += c;
    } else {
      out += PercentEncodeAll(std::string_view(&c, 1));
    }
  }
  return out;
}

bool SameCredentials(const Credentials& a, const Credentials& b) {
  return a.username == b.username && a.password.reveal() == b.password.reveal();
}

void ExpectSame(const Credentials& want, std::string_view type, const std::string& body) {
  auto again = ParseLoginBody(type, body);
  if (!again || !SameCredentials(*again, want)) std::abort();
}

// How many times each top-level key occurs; nullopt when the text is not a JSON object.
std::optional<std::map<std::string, int>> TopLevelKeyCounts(std::string_view body) {
  std::map<std::string, int> counts;
  nlohmann::json::parser_callback_t count = [&](int depth, nlohmann::json::parse_event_t event,
                                                nlohmann::json& parsed) {
    if (event == nlohmann::json::parse_event_t::key && depth == 1) {
      ++counts[parsed.get<std::string>()];
    }
    return true;
  };
  auto doc = nlohmann::json::parse(body, count, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  return counts;
}

void CheckMediaType(std::string_view content_type) {
  std::string_view type = knox::server::MediaType(content_type);
  if (type.find(';') != std::string_view::npos) std::abort();
  if (!type.empty()) {
    for (char edge : {type.front(), type.back()}) {
      if (edge == ' ' || edge == '\t') std::abort();
    }
  }
  if (knox::server::MediaType(type) != type) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::optional<std::string_view> content_type;
  std::string_view body = in;
  if (size_t nl = in.find('\n'); nl != std::string_view::npos) {
    content_type = in.substr(0, nl);
    body = in.substr(nl + 1);
    CheckMediaType(*content_type);
  }

  auto decoded = knox::server::FormDecode(PercentEncodeAll(body));
  if (!decoded || *decoded != body) std::abort();

  auto parsed = ParseLoginBody(content_type, body);
  std::string_view type = content_type ? knox::server::MediaType(*content_type) : "";
  bool is_form = content_type && knox::EqualsIgnoreCase(type, kForm);
  bool is_json = content_type && knox::EqualsIgnoreCase(type, kJson);
  if (!is_form && !is_json) {
    if (parsed || parsed.error().code != ErrorCode::kInvalidArgument) std::abort();
    return 0;
  }
  if (!parsed) {
    if (parsed.error().code != ErrorCode::kMalformed) std::abort();
    return 0;
  }
  if (is_json) {
    auto counts = TopLevelKeyCounts(body);
    if (!counts || (*counts)["username"] != 1 || (*counts)["password"] != 1) std::abort();
  }

  const std::string& user = parsed->username;
  const std::string password(parsed->password.reveal());
  ExpectSame(*parsed, kForm,
             "username=" + PercentEncodeAll(user) + "&password=" + PercentEncodeAll(password));
  ExpectSame(*parsed, kForm,
             "&x=1&password=" + FormEncodeMixed(password) + "&&username=" + FormEncodeMixed(user));
  // Strings that came out of a form may be any bytes; JSON carries only UTF-8 text, so the JSON
  // round trip applies whenever dumping needs no replacement (always for what JSON gave).
  nlohmann::json as_json = {{"password", password}, {"username", user}};
  using Handler = nlohmann::json::error_handler_t;
  std::string json_body = as_json.dump(-1, ' ', false, Handler::ignore);
  bool utf8 = json_body == as_json.dump(-1, ' ', false, Handler::replace);
  if (is_json && !utf8) std::abort();
  if (utf8) ExpectSame(*parsed, kJson, json_body);
  return 0;
}
