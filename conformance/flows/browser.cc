#include "conformance/flows/browser.h"

#include "core/base/hex.h"
#include "core/cookie/cookie_date.h"
#include "core/cookie/set_cookie.h"
#include "core/crypto/digest.h"

namespace knox::flows {

Browser::Browser(net::Transport& transport, cookie::Url base, const Clock& clock)
    : transport_(transport), base_(std::move(base)), clock_(clock), jar_(clock) {}

Result<cookie::Url> Browser::Resolve(std::string_view path) const {
  std::string text = base_.scheme + "://" + base_.host;
  const bool default_port = (base_.scheme == "http" && base_.port == 80) ||
                            (base_.scheme == "https" && base_.port == 443);
  if (!default_port) text += ":" + std::to_string(base_.port);
  text += path;
  return cookie::ParseUrl(text);
}

std::string CookieHeader(const CookiePairs& cookies) {
  std::string header;
  for (const auto& [name, value] : cookies) {
    if (!header.empty()) header += "; ";
    header += name.empty() ? value : name + "=" + value;
  }
  return header;
}

std::optional<std::string> ValueOf(const CookiePairs& cookies, std::string_view name) {
  for (const auto& [n, v] : cookies) {
    if (n == name) return v;
  }
  return std::nullopt;
}

CookiePairs Without(CookiePairs cookies, std::string_view name) {
  std::erase_if(cookies, [&](const auto& c) { return c.first == name; });
  return cookies;
}

CookiePairs Replace(CookiePairs cookies, std::string_view name, std::string_view value) {
  for (auto& [n, v] : cookies) {
    if (n == name) v = value;
  }
  return cookies;
}

CookiePairs With(CookiePairs cookies, std::string_view name, std::string_view value) {
  cookies = Without(std::move(cookies), name);
  cookies.emplace_back(name, value);
  return cookies;
}

std::string Sha256Prefix(std::string_view bytes) {
  const std::string digest = crypto::Hash(crypto::Digest::kSha256, bytes);
  return HexEncode(std::string_view(digest).substr(0, 4));
}

Result<net::Response> Browser::Send(std::string_view method, std::string_view path,
                                    std::string_view body, std::string_view content_type,
                                    const std::optional<CookiePairs>& cookies,
                                    const net::Headers& extra_headers) {
  auto url = Resolve(path);
  if (!url) return std::unexpected(url.error());
  cookie::RequestContext context;
  context.safe_method = method == "GET" || method == "HEAD";
  net::Request request;
  request.method = std::string(method);
  request.url = url->Serialize();
  const std::string header = CookieHeader(cookies ? *cookies : ServerView(*url, context));
  if (!header.empty()) request.headers.emplace_back("Cookie", header);
  if (!content_type.empty())
    request.headers.emplace_back("Content-Type", std::string(content_type));
  request.headers.insert(request.headers.end(), extra_headers.begin(), extra_headers.end());
  request.body = std::string(body);
  auto response = transport_.Send(request);
  if (!response) return response;
  std::optional<int64_t> date;
  if (auto d = response->Header("Date")) {
    if (auto parsed = cookie::ParseCookieDate(*d)) date = *parsed;
  }
  for (const std::string& line : response->HeaderValues("Set-Cookie")) {
    RecordServerView(line, jar_.StoreHeader(line, *url, context).status);
    seen_.push_back(
        {.url = request.url, .line = line, .date = date, .received_at = clock_.NowSeconds()});
  }
  return response;
}

void Browser::RecordServerView(std::string_view line, cookie::StoreStatus status) {
  auto parsed = cookie::ParseSetCookie(line);
  if (!parsed) return;  // a line no parser reads sets nothing, in either view
  std::erase_if(refused_, [&](const Refused& r) { return r.name == parsed->name; });
  const bool deletion = parsed->max_age && *parsed->max_age <= 0;
  if (status == cookie::StoreStatus::kStored || status == cookie::StoreStatus::kExpired ||
      deletion) {
    return;
  }
  refused_.push_back({.name = parsed->name, .value = parsed->value, .status = status});
}

CookiePairs Browser::ServerView(const cookie::Url& url, const cookie::RequestContext& context) {
  CookiePairs out;
  for (const cookie::Cookie& c : jar_.CookiesFor(url, context)) out.emplace_back(c.name, c.value);
  // A refused Set-Cookie is the server's latest word on its name (a later one the jar stores
  // erases the refusal), so its value replaces what the jar still holds under that name.
  for (const Refused& r : refused_) {
    out = ValueOf(out, r.name) ? Replace(std::move(out), r.name, r.value)
                               : With(std::move(out), r.name, r.value);
  }
  return out;
}

CookiePairs Browser::BrowserCookiesFor(std::string_view path) {
  CookiePairs out;
  auto url = Resolve(path);
  if (!url) return out;
  for (const cookie::Cookie& c : jar_.CookiesFor(*url)) out.emplace_back(c.name, c.value);
  return out;
}

CookiePairs Browser::CookiesFor(std::string_view path) {
  auto url = Resolve(path);
  if (!url) return {};
  return ServerView(*url, {});
}

void Browser::Plant(std::string_view name, std::string_view value) {
  auto url = Resolve("/");
  if (!url) return;
  std::string line = std::string(name) + "=" + std::string(value) + "; Path=/";
  if (base_.scheme == "https") line += "; Secure";
  RecordServerView(line, jar_.StoreHeader(line, *url).status);
}

std::optional<cookie::StoreStatus> Browser::Refusal(std::string_view name) const {
  for (const Refused& r : refused_) {
    if (r.name == name) return r.status;
  }
  return std::nullopt;
}

std::optional<std::string> Browser::CookieValue(std::string_view name, std::string_view path) {
  return ValueOf(CookiesFor(path), name);
}

const SetCookieSeen* Browser::LastSetCookie(std::string_view name) const {
  for (auto it = seen_.rbegin(); it != seen_.rend(); ++it) {
    auto parsed = cookie::ParseSetCookie(it->line);
    if (parsed && parsed->name == name) return &*it;
  }
  return nullptr;
}

}  // namespace knox::flows
