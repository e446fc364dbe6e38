// Set-Cookie parsing throughput on realistic headers (target: >= 5 M lines/s per core), and Cookie
// header construction from a jar holding 3,000 cookies (the draft's and Chromium's total limit).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/cookie/cookie_date.h"
#include "core/cookie/cookie_header.h"
#include "core/cookie/cookie_jar.h"
#include "core/cookie/set_cookie.h"

namespace {

using knox::cookie::CookieJar;
using knox::cookie::ParseUrl;

// Shapes seen on popular sites: framework sessions, analytics, CDN bot management, consent.
const std::vector<std::string>& RealisticHeaders() {
  static const std::vector<std::string> headers = {
      "sessionid=8f2a1c9e4b7d6a3f0e5c2b1a9d8e7f6a; expires=Thu, 09 Jan 2025 10:00:00 GMT; "
      "HttpOnly; "
      "Max-Age=1209600; Path=/; SameSite=Lax; Secure",
      "__Host-next-auth.csrf-token=6b1f0c2d3e4a5b6c7d8e9f0a1b2c3d4e%7Cf1e2d3c4b5a69788; Path=/; "
      "HttpOnly; Secure; SameSite=Lax",
      "_ga=GA1.2.1234567890.1700000000; Domain=.example.com; Path=/; Expires=Sat, 07 Feb 2026 "
      "12:00:00 GMT",
      "__cf_bm=Zk9Q3xY7w.abcdefghijklmnopqrstuvwxyz0123456789-1700000000-1.0.1.1-AbCdEfGhIjKlMnOp; "
      "path=/; expires=Wed, 01-Jan-25 00:30:00 GMT; domain=.example.com; HttpOnly; Secure; "
      "SameSite=None",
      "connect.sid=s%3AaBcDeFgHiJkLmNoP.QrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrSt; Path=/; HttpOnly",
      "JSESSIONID=A1B2C3D4E5F60718293A4B5C6D7E8F90; Path=/app; Secure; HttpOnly",
      "consent=yes; Max-Age=31536000; Path=/; SameSite=Strict",
      "csrftoken=AbCdEfGhIjKlMnOpQrStUvWxYz012345; expires=Wed, 31 Dec 2025 23:59:59 GMT; "
      "Max-Age=31449600; Path=/; SameSite=Lax",
  };
  return headers;
}

void BM_ParseSetCookie(benchmark::State& state) {
  const auto& headers = RealisticHeaders();
  size_t bytes = 0;
  for (const auto& h : headers) bytes += h.size();
  for (auto _ : state) {
    for (const auto& h : headers) {
      auto parsed = knox::cookie::ParseSetCookie(h);
      benchmark::DoNotOptimize(parsed);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(headers.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ParseSetCookie);

void BM_ParseCookieDate(benchmark::State& state) {
  std::string date = "Thu, 09 Jan 2025 10:00:00 GMT";
  for (auto _ : state) benchmark::DoNotOptimize(knox::cookie::ParseCookieDate(date));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseCookieDate);

void BM_ParseCookieHeader(benchmark::State& state) {
  std::string header =
      "sessionid=8f2a1c9e4b7d6a3f0e5c2b1a9d8e7f6a; _ga=GA1.2.1234567890.1700000000; consent=yes; "
      "csrftoken=AbCdEfGhIjKlMnOpQrStUvWxYz012345; __cf_bm=Zk9Q3xY7w.abcdefghijklmnop";
  for (auto _ : state) benchmark::DoNotOptimize(knox::cookie::ParseCookieHeader(header));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseCookieHeader);

// 3,000 cookies: 150 sites x 20 cookies (a mix of host-only and domain cookies at several paths).
class FullJar {
 public:
  FullJar() : clock_(knox::FakeClock::AtSeconds(1735689600)), jar_(clock_) {
    // Appends only: g++ 12 -O3 reports a false -Wrestrict on `"literal" + std::string`.
    for (int site = 0; site < 150; ++site) {
      const std::string n = std::to_string(site);
      auto url =
          ParseUrl(std::string("https://www.site").append(n).append(".com/app/page")).value();
      for (int i = 0; i < 20; ++i) {
        const std::string k = std::to_string(i);
        std::string line = std::string("c").append(k).append("=value").append(k);
        if (i % 3 == 0) line.append("; Domain=site").append(n).append(".com");
        if (i % 4 == 0) line.append("; Path=/");
        if (i % 5 == 0) line.append("; Secure; HttpOnly; SameSite=Lax");
        jar_.StoreHeader(line, url);
        clock_.AdvanceMillis(1);
      }
    }
  }
  CookieJar& jar() { return jar_; }

 private:
  knox::FakeClock clock_;
  CookieJar jar_;
};

void BM_JarCookieHeader(benchmark::State& state) {
  FullJar full;
  if (full.jar().size() != 3000) state.SkipWithError("jar does not hold 3000 cookies");
  auto url = ParseUrl("https://www.site77.com/app/other").value();
  size_t sent = 0;
  for (auto _ : state) {
    std::string header = full.jar().CookieHeader(url);
    sent = header.size();
    benchmark::DoNotOptimize(header);
  }
  state.counters["header_bytes"] = static_cast<double>(sent);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JarCookieHeader);

void BM_JarMiss(benchmark::State& state) {
  FullJar full;
  auto url = ParseUrl("https://deep.sub.unrelated.example.org/").value();
  for (auto _ : state) benchmark::DoNotOptimize(full.jar().CookieHeader(url));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JarMiss);

}  // namespace
