#include "conformance/flows/browser.h"

#include "core/base/hex.h"
#include "core/cookie/cookie_date.h"
#include "core/cookie/set_cookie.h"
#include "core/crypto/digest.h"

namespace knox::flows {

Browser::Browser(net::Transport& transport, cookie::Url base, const Clock& clock)
    : transport_(transport), base_(std::move(base)), clock_(clock), jar_(clock) {}

Result<cookie::Url> Browser::Resolve(std::string_view path) const {
  auto url = cookie::ResolveReference(base_, path);
  if (!url) return url;
  if (url->host != base_.host) {
    return Fail(ErrorCode::kInvalidArgument, "refusing to send a request off-site (to " +
                                                 url->host + ", the target is " + base_.host + ")");
  }
  return url;
}

std::string CookieHeader(const CookiePairs& cookies) {
  std::string header;
  for (const auto& [name, value] : cookies) {
    if (name == kBearerName) continue;
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

namespace {

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The cookies a request that carried exactly `cookies` carries on the next hop: the pairs the
// redirect response set replace (or join) them, the ones it deleted leave.
CookiePairs AfterSetCookies(CookiePairs cookies, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    auto parsed = cookie::ParseSetCookie(line);
    if (!parsed) continue;
    if (parsed->max_age && *parsed->max_age <= 0) {
      cookies = Without(std::move(cookies), parsed->name);
    } else {
      cookies = With(std::move(cookies), parsed->name, parsed->value);
    }
  }
  return cookies;
}

}  // namespace

Result<net::Response> Browser::Send(std::string_view method, std::string_view path,
                                    std::string_view body, std::string_view content_type,
                                    const std::optional<CookiePairs>& cookies,
                                    const net::Headers& extra_headers) {
  auto url = Resolve(path);
  if (!url) return std::unexpected(url.error());
  last_ = Navigation{};
  std::string hop_method(method);
  std::string hop_body(body);
  std::string hop_type(content_type);
  std::optional<CookiePairs> hop_cookies = cookies;
  for (int hop = 0;; ++hop) {
    auto response = SendOnce(hop_method, *url, hop_body, hop_type, hop_cookies, extra_headers);
    if (!response) return response;
    last_.url = *url;
    if (!IsRedirect(response->status) || !follow_redirects_) return response;
    auto location = response->Header("Location");
    if (!location) return response;
    auto next = cookie::ResolveReference(*url, *location);
    if (!next) {
      last_.stopped = "a Location that is not an http(s) URL";
      return response;
    }
    if (next->host != url->host) {
      last_.stopped = "a redirect off-site, to " + next->host + " (not followed)";
      return response;
    }
    if (url->scheme == "https" && next->scheme == "http") {
      last_.stopped = "a redirect from https down to http (not followed)";
      return response;
    }
    if (hop + 1 > kMaxRedirects) {
      last_.stopped = "more than " + std::to_string(kMaxRedirects) + " redirects";
      return response;
    }
    if (url->scheme == "http" && next->scheme == "https") {
      last_.upgraded_to_https = true;
      base_.scheme = "https";
      base_.port = next->port;
    }
    last_.redirects.push_back(next->Serialize());
    // 301/302/303 turn a POST into a GET without a body, as browsers do; 307/308 keep both.
    if (response->status != 307 && response->status != 308 && hop_method != "HEAD") {
      hop_method = "GET";
      hop_body.clear();
      hop_type.clear();
    }
    if (hop_cookies)
      hop_cookies = AfterSetCookies(*hop_cookies, response->HeaderValues("Set-Cookie"));
    url = std::move(next);
  }
}

Result<net::Response> Browser::SendOnce(std::string_view method, const cookie::Url& url,
                                        std::string_view body, std::string_view content_type,
                                        const std::optional<CookiePairs>& cookies,
                                        const net::Headers& extra_headers) {
  cookie::RequestContext context;
  context.safe_method = method == "GET" || method == "HEAD";
  net::Request request;
  request.method = std::string(method);
  request.url = url.Serialize();
  const CookiePairs sent = cookies ? *cookies : ServerView(url, context);
  const std::string header = CookieHeader(sent);
  if (!header.empty()) request.headers.emplace_back("Cookie", header);
  if (auto token = ValueOf(sent, kBearerName)) {
    request.headers.emplace_back(bearer_header_.name, bearer_header_.scheme.empty()
                                                          ? *token
                                                          : bearer_header_.scheme + " " + *token);
  }
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
    RecordServerView(line, jar_.StoreHeader(line, url, context).status);
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
  if (bearer_) out.emplace_back(kBearerName, *bearer_);
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
