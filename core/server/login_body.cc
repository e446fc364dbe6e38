#include "core/server/login_body.h"

#include <nlohmann/json.hpp>

#include "core/base/ascii.h"
#include "core/base/hex.h"
#include "core/base/json_depth.h"
#include "core/server/http_message.h"

namespace knox::server {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Sets `slot` from a field value; a repeated field is ambiguous, hence malformed.
Result<void> SetOnce(std::optional<std::string>& slot, std::string value) {
  if (slot) return Fail(ErrorCode::kMalformed, "repeated login field");
  slot = std::move(value);
  return {};
}

Result<Credentials> Complete(std::optional<std::string>& user, std::optional<std::string>& pass) {
  if (!user || !pass) return Fail(ErrorCode::kMalformed, "username and password are required");
  // PBKDF2-HMAC pads a key with zero bytes, so "pw" and "pw\0\0" would hash alike and both log
  // in: credentials holding a NUL are refused instead (found by fuzz/server_request_fuzzer.cc).
  if (user->find('\0') != std::string::npos || pass->find('\0') != std::string::npos) {
    crypto::Cleanse(pass->data(), pass->size());
    return Fail(ErrorCode::kMalformed, "username and password must not contain NUL");
  }
  Credentials out{std::move(*user), crypto::SecretBytes(*pass)};
  crypto::Cleanse(pass->data(), pass->size());
  return out;
}

Result<Credentials> ParseForm(std::string_view body) {
  std::optional<std::string> user, pass;
  while (!body.empty()) {
    size_t amp = body.find('&');
    std::string_view item = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (item.empty()) continue;
    size_t eq = item.find('=');
    auto name = FormDecode(item.substr(0, eq));
    auto value = FormDecode(eq == std::string_view::npos ? "" : item.substr(eq + 1));
    if (!name || !value) return Fail(ErrorCode::kMalformed, "bad percent-encoding in form body");
    Result<void> set;
    if (*name == "username") set = SetOnce(user, std::move(*value));
    if (*name == "password") set = SetOnce(pass, std::move(*value));
    if (!set) return std::unexpected(set.error());
  }
  return Complete(user, pass);
}

Result<Credentials> ParseJson(std::string_view body) {
  // Bounds nesting before nlohmann builds a tree, so a body of 64 KiB of '[' costs nothing.
  if (!JsonDepthWithin(body, kMaxJsonDepth)) return Fail(ErrorCode::kMalformed, "JSON too deep");
  // nlohmann keeps the last of repeated keys; a repeated field is ambiguous (another reader may
  // take the first), so it is refused as in a form.
  int user_keys = 0, pass_keys = 0;
  nlohmann::json::parser_callback_t count_keys = [&](int depth, nlohmann::json::parse_event_t event,
                                                     nlohmann::json& parsed) {
    if (event == nlohmann::json::parse_event_t::key && depth == 1) {
      if (parsed == "username") ++user_keys;
      if (parsed == "password") ++pass_keys;
    }
    return true;
  };
  auto doc = nlohmann::json::parse(body, count_keys, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Fail(ErrorCode::kMalformed, "body is not a JSON object");
  }
  if (user_keys > 1 || pass_keys > 1) return Fail(ErrorCode::kMalformed, "repeated login field");
  auto user_it = doc.find("username");
  auto pass_it = doc.find("password");
  if (user_it == doc.end() || pass_it == doc.end() || !user_it->is_string() ||
      !pass_it->is_string()) {
    return Fail(ErrorCode::kMalformed, "username and password must be strings");
  }
  std::optional<std::string> user = user_it->get<std::string>();
  std::optional<std::string> pass = pass_it->get<std::string>();
  auto& stored = pass_it->get_ref<std::string&>();
  crypto::Cleanse(stored.data(), stored.size());
  return Complete(user, pass);
}

}  // namespace

std::string_view MediaType(std::string_view content_type) {
  return Trim(content_type.substr(0, content_type.find(';')));
}

Result<std::string> FormDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out.push_back(' ');
    } else if (in[i] != '%') {
      out.push_back(in[i]);
    } else {
      int hi = i + 2 < in.size() ? HexDigitValue(in[i + 1]) : -1;
      int lo = i + 2 < in.size() ? HexDigitValue(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) return Fail(ErrorCode::kMalformed, "bad percent escape");
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
  }
  return out;
}

Result<Credentials> ParseLoginBody(std::optional<std::string_view> content_type,
                                   std::string_view body) {
  if (!content_type) return Fail(ErrorCode::kInvalidArgument, "no Content-Type");
  std::string_view type = MediaType(*content_type);
  if (EqualsIgnoreCase(type, "application/x-www-form-urlencoded")) return ParseForm(body);
  if (EqualsIgnoreCase(type, "application/json")) return ParseJson(body);
  return Fail(ErrorCode::kInvalidArgument, "unsupported Content-Type");
}

}  // namespace knox::server
