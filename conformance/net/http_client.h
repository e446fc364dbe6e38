// HttpClient: the auditor's HTTP(S) client (DESIGN §5 "net"), the net::Transport that goes over the
// network (transport.h defines it and the Request, Response and Exchange types). A synchronous
// façade over an async Boost.Beast client (C++20 coroutines): each Send() runs one exchange to
// completion on the client's own io_context. Beast/Asio types never appear in this header.
//
// Every operation (resolve, connect, TLS handshake, write, read) has a deadline
// (`ClientOptions::timeout`); header and body sizes are capped; redirects are never followed (the
// flows decide). TLS uses SNI and verifies the certificate chain and the host name unless
// `insecure` is set; `ca_file` adds trust anchors. Connections are kept alive and reused per
// origin (scheme+host+port) when the server allows it. Every exchange is recorded, in order, for
// evidence. Only http and https URLs are accepted.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "conformance/net/transport.h"
#include "core/base/result.h"

namespace knox::net {

struct ClientOptions {
  std::chrono::milliseconds timeout{10'000};  // per operation
  size_t max_header_bytes = size_t{64} * 1024;
  size_t max_body_bytes = size_t{8} * 1024 * 1024;
  bool insecure = false;  // skip certificate and host-name verification (recorded in reports)
  std::string ca_file;    // extra PEM trust anchors; "" = system store only
  std::string user_agent = "knox-audit";
  Headers extra_headers;  // sent with every request (e.g. -H "Authorization: ...")
};

class HttpClient : public Transport {
 public:
  explicit HttpClient(ClientOptions options = {});
  ~HttpClient() override;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // One request/response exchange. Errors: kInvalidArgument (bad URL/scheme), kUnavailable
  // (resolve/connect/TLS failure, connection reset), kTimeout, kLimitExceeded (header or body over
  // the limits), kMalformed (the response is not valid HTTP/1.x).
  Result<Response> Send(const Request& request) override;

  const std::vector<Exchange>& Exchanges() const override;
  const ClientOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace knox::net
