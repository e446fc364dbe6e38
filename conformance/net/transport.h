// Transport: how the audit flows reach a target (DESIGN §5 "net"): one request in, one response
// (or the error) out, and every exchange recorded in order as the report's evidence. HttpClient
// is the one that goes over the network; the flows' unit tests put an in-memory scripted web app
// behind the same interface (conformance/flows/fake_app.h), so the audit runs without sockets.
// The message types live here because both sides speak them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/result.h"

namespace knox::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";
  std::string url;  // absolute http:// or https:// URL
  Headers headers;  // in order; Host, User-Agent, Content-Length are added when absent
  std::string body;
};

struct Response {
  int status = 0;
  std::string reason;
  Headers headers;  // in the order received, names as sent
  std::string body;

  // Every value of a header, case-insensitively by name, in order (e.g. all Set-Cookie lines).
  std::vector<std::string> HeaderValues(std::string_view name) const;
  // The first value of a header, case-insensitively.
  std::optional<std::string> Header(std::string_view name) const;
};

// One request and its outcome, as the report shows it.
struct Exchange {
  Request request;
  Result<Response> response;  // the error when the exchange failed (kTimeout, kUnavailable, ...)
  std::chrono::microseconds elapsed{0};
};

class Transport {
 public:
  virtual ~Transport() = default;
  // One request/response exchange, recorded in Exchanges() whatever its outcome.
  virtual Result<Response> Send(const Request& request) = 0;
  // Every exchange so far, in the order sent.
  virtual const std::vector<Exchange>& Exchanges() const = 0;
};

}  // namespace knox::net
