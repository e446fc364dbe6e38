// knox cookie parse | jar (DESIGN §7): what a browser makes of a Set-Cookie header, and which
// Cookie header it sends next. Both run the RFC 6265bis jar of core/cookie against the system
// clock.
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/commands.h"
#include "core/base/clock.h"
#include "core/cookie/cookie_date.h"
#include "core/cookie/cookie_jar.h"
#include "core/cookie/set_cookie.h"
#include "core/cookie/url.h"

namespace knox::cli {
namespace {

using cookie::CookieJar;
using cookie::SetCookie;
using cookie::StoreStatus;

// Escapes bytes a terminal could interpret (controls, DEL, non-ASCII) and the backslash as \xNN.
std::string Printable(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F || c == '\\') {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

std::string DateText(int64_t seconds) {
  auto text = cookie::FormatCookieDate(seconds);
  std::string out = text ? *text : std::string();
  if (text) out.append(" (");
  out.append(std::to_string(seconds));
  if (text) out.append(")");
  return out;
}

std::optional<cookie::Url> ParseUrlFlag(std::string_view flag, const std::string& text) {
  auto url = cookie::ParseUrl(text);
  if (!url) {
    std::string why = "bad ";
    why.append(flag).append(" '").append(Printable(text)).append("': ").append(url.error().message);
    PrintError("cookie", why);
    return std::nullopt;
  }
  return *url;
}

struct ParseFlags {
  std::string url = "https://example.com/";
  bool json = false;
  std::string header;
};

struct StoredView {
  cookie::StoreOutcome outcome;
  std::optional<cookie::Cookie> cookie;
};

// Stores `parsed` in a fresh jar at `url` and returns the outcome and the cookie as stored.
StoredView StoreInFreshJar(const SetCookie& parsed, const cookie::Url& url) {
  CookieJar jar(SystemClock::Instance());
  StoredView view{jar.Store(parsed, url), std::nullopt};
  std::vector<cookie::Cookie> all = jar.AllCookies();
  if (!all.empty()) view.cookie = all.front();
  return view;
}

nlohmann::json AttributesJson(const SetCookie& c) {
  nlohmann::json a = nlohmann::json::object();
  a["expires"] = c.expires ? nlohmann::json(*c.expires) : nlohmann::json();
  a["max_age"] = c.max_age ? nlohmann::json(*c.max_age) : nlohmann::json();
  a["domain"] = c.domain ? nlohmann::json(*c.domain) : nlohmann::json();
  a["path"] = c.path ? nlohmann::json(*c.path) : nlohmann::json();
  a["secure"] = c.secure;
  a["httponly"] = c.http_only;
  a["samesite"] =
      c.same_site ? nlohmann::json(cookie::SameSiteName(*c.same_site)) : nlohmann::json();
  a["partitioned"] = c.partitioned;
  return a;
}

nlohmann::json CookieJson(const cookie::Cookie& c) {
  return {{"domain", c.domain},
          {"host_only", c.host_only},
          {"path", c.path},
          {"persistent", c.persistent},
          {"expires", c.persistent ? nlohmann::json(c.expiry_ms / 1000) : nlohmann::json()},
          {"secure", c.secure},
          {"httponly", c.http_only},
          {"samesite", cookie::SameSiteName(c.same_site)},
          {"partitioned", c.partitioned}};
}

void PrintJson(const cookie::Url& url, const Result<SetCookie>& parsed, const StoredView& view) {
  nlohmann::json out;
  out["url"] = url.Serialize();
  out["parsed"] = parsed.has_value();
  if (parsed) {
    out["name"] = parsed->name;
    out["value"] = parsed->value;
    out["attributes"] = AttributesJson(*parsed);
    nlohmann::json problems = nlohmann::json::array();
    for (cookie::Problem p : parsed->problems) problems.push_back(cookie::ProblemText(p));
    out["problems"] = problems;
  } else {
    out["error"] = parsed.error().message;
  }
  const bool stored = view.outcome.status == StoreStatus::kStored;
  out["stored"] = stored;
  out["reason"] =
      stored ? nlohmann::json() : nlohmann::json(cookie::StoreStatusText(view.outcome.status));
  out["cookie"] = view.cookie ? CookieJson(*view.cookie) : nlohmann::json();
  std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void PrintText(const cookie::Url& url, const Result<SetCookie>& parsed, const StoredView& view) {
  if (parsed) {
    const SetCookie& c = *parsed;
    std::cout << "name: " << Printable(c.name) << (c.name.empty() ? "(none)" : "") << "\n"
              << "value: " << Printable(c.value) << "\n";
    if (c.expires) std::cout << "expires: " << DateText(*c.expires) << "\n";
    if (c.max_age) std::cout << "max-age: " << *c.max_age << "\n";
    if (c.domain) std::cout << "domain: " << Printable(*c.domain) << "\n";
    if (c.path)
      std::cout << "path: " << (c.path->empty() ? "(invalid: default-path)" : Printable(*c.path))
                << "\n";
    std::cout << "secure: " << (c.secure ? "yes" : "no") << "\n"
              << "httponly: " << (c.http_only ? "yes" : "no") << "\n"
              << "samesite: " << (c.same_site ? cookie::SameSiteName(*c.same_site) : "(absent)")
              << "\n"
              << "partitioned: " << (c.partitioned ? "yes" : "no") << "\n";
    for (cookie::Problem p : c.problems) std::cout << "problem: " << cookie::ProblemText(p) << "\n";
  } else {
    std::cout << "parse error: " << parsed.error().message << "\n";
  }
  std::cout << "url: " << url.Serialize() << "\n";
  if (view.outcome.status != StoreStatus::kStored) {
    std::cout << "stored: no: " << cookie::StoreStatusText(view.outcome.status) << "\n";
    return;
  }
  std::cout << "stored: yes\n";
  if (view.cookie) {
    const cookie::Cookie& s = *view.cookie;
    std::cout << "stored-domain: " << s.domain
              << (s.host_only ? " (host-only)" : " (and subdomains)") << "\n"
              << "stored-path: " << Printable(s.path) << "\n"
              << "stored-expires: " << (s.persistent ? DateText(s.expiry_ms / 1000) : "session")
              << "\n";
  }
}

int RunParse(const ParseFlags& f) {
  auto url = ParseUrlFlag("--url", f.url);
  if (!url) return kExitUsage;
  Result<SetCookie> parsed = cookie::ParseSetCookie(f.header);
  StoredView view{{StoreStatus::kUnparsable}, std::nullopt};
  if (parsed) view = StoreInFreshJar(*parsed, *url);
  if (f.json) {
    PrintJson(*url, parsed, view);
  } else {
    PrintText(*url, parsed, view);
  }
  return view.outcome.status == StoreStatus::kStored ? kExitOk : kExitNegative;
}

struct JarFlags {
  std::string from;
  std::vector<std::string> set_cookies;
  std::optional<std::string> to;
};

int RunJar(const JarFlags& f) {
  auto from = ParseUrlFlag("--from", f.from);
  if (!from) return kExitUsage;
  auto to = f.to ? ParseUrlFlag("--to", *f.to) : from;
  if (!to) return kExitUsage;
  CookieJar jar(SystemClock::Instance());
  for (const std::string& line : f.set_cookies) jar.StoreHeader(line, *from);
  std::cout << Printable(jar.CookieHeader(*to)) << "\n";
  return kExitOk;
}

}  // namespace

int RunCookie(int argc, char** argv) {
  CLI::App app("What a browser (RFC 6265bis-22, Chromium's choices) does with Set-Cookie headers.",
               "knox cookie");
  app.require_subcommand(1);
  ParseFlags parse_flags;
  CLI::App* parse = app.add_subcommand(
      "parse",
      "print a Set-Cookie header's attributes and problems, and whether a browser stores it "
      "(exit 0 stored, 1 ignored)");
  parse->add_option("--url", parse_flags.url, "URL of the response (default https://example.com/)");
  parse->add_flag("--json", parse_flags.json, "one JSON object on stdout");
  parse->add_option("set-cookie", parse_flags.header, "the Set-Cookie header value")->required();
  JarFlags jar_flags;
  CLI::App* jar = app.add_subcommand(
      "jar",
      "feed Set-Cookie headers from a response into a fresh jar and print the Cookie header a "
      "browser sends next (empty line when none)");
  jar->add_option("--from", jar_flags.from, "URL of the response carrying the headers")->required();
  jar->add_option("--set-cookie", jar_flags.set_cookies, "a Set-Cookie value (repeatable)")
      ->required()
      ->allow_extra_args(false);
  jar->add_option("--to", jar_flags.to, "URL of the next request (default: --from)");
  if (int rc = Parse(app, argc, argv); rc >= 0) return rc;
  if (parse->parsed()) return RunParse(parse_flags);
  return RunJar(jar_flags);
}

}  // namespace knox::cli
