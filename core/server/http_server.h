// HttpServer: the reference server's HTTP/1.1 transport on Boost.Beast (DESIGN §4 "server"). It
// owns sockets, TLS, limits and timeouts and hands each complete request to a Handler (for knox,
// routes.h's pure HandleRequest); nothing Beast- or Asio-shaped leaves http_server.cc and the
// request reading it shares with ParseRequest (request_parser.h/.cc, internal).
//
// Model: `threads` io_contexts, one per thread; one acceptor accepts and deals connections to the
// contexts round-robin; each connection is a coroutine on its context (no locks in the I/O path).
// Keep-alive per RFC 9112 §9.3. Limits (RFC 9110 §15.5, RFC 6585 §5):
//   - the request line + header over max_header_bytes    -> 431, connection closed
//   - a body (Content-Length or chunked) over max_body_bytes -> 413, connection closed
//   - anything that does not parse as HTTP/1.x             -> 400, connection closed
//   - the first request's header not complete within header_timeout after accept (slowloris), a
//     later request's first byte not within idle_timeout or its header not within header_timeout
//     after that (a pipelined request's header: within header_timeout), a body not within
//     body_timeout, a response not written within write_timeout: the connection is closed
//     without a response. (One deadline per connection: its timer is re-armed only when a
//     deadline moves earlier, so a request that arrives whole and an answer the socket takes at
//     once cost no timer operation.)
// Responses: the server writes the framing fields itself — Content-Length (the body's size, also
// for HEAD, whose body is not sent; none for 1xx, 204 and 304, which get no body), and
// `Connection: close` / `Connection: keep-alive` as the keep-alive rules need; a Handler's own
// Content-Length, Connection or Transfer-Encoding fields are dropped. A response whose status is
// not three digits or whose header fields hold a control character other than HTAB (CR and LF
// would split the response; RFC 9110 §5.5) is replaced by a 500.
// After an error response the server stops sending and reads (and discards) what the client still
// sends for a short while before closing, so that the client sees the response instead of a reset.
// TLS (when `tls` is set): TLS 1.2+ only, handshake within header_timeout (then the first header
// within header_timeout of the handshake).
//
// Work off the I/O threads: a request for which `offload` says true (knox: POST /login, whose
// PBKDF2 takes a core for 0.1–0.5 s) is handled on a pool of `workers` threads, so it never stalls
// the other connections of its I/O thread. At most `max_offloaded` such requests are queued or
// running at once; the next one is answered at once with 503, `Retry-After: 1` and
// `{"error":"server busy"}` (the connection stays open) instead of waiting in an unbounded queue.
//
// Failure: Start returns kInvalidArgument (bad address, unreadable TLS files) or kUnavailable (the
// address cannot be bound, e.g. in use). A Handler exception becomes a 500. The server never stops
// on a bad request. Lifetime: Stop() (also run by the destructor) closes the listener, lets
// requests already being handled finish for up to shutdown_grace, then ends every connection and
// joins the threads. Thread-safety: port()/Stop() may be called from any one thread; the Handler is
// called concurrently from every server thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/server/http_message.h"

namespace knox::server {

struct ServerLimits {
  size_t max_header_bytes = size_t{16} * 1024;
  size_t max_body_bytes = size_t{64} * 1024;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{10'000};
  std::chrono::milliseconds idle_timeout{30'000};
  std::chrono::milliseconds write_timeout{10'000};
};

struct TlsFiles {
  std::string certificate_chain;  // PEM file: the certificate, then intermediates
  std::string private_key;        // PEM file
};

struct ServerConfig {
  std::string address = "127.0.0.1";  // IPv4 or IPv6 literal
  uint16_t port = 8080;               // 0 = an ephemeral port; port() tells which
  unsigned threads = 0;               // 0 = std::thread::hardware_concurrency()
  ServerLimits limits = {};
  std::optional<TlsFiles> tls = {};
  std::chrono::milliseconds shutdown_grace{5'000};
  std::function<bool(const Request&)> offload = {};  // empty: every request on its I/O thread
  unsigned workers = 0;                              // 0 = std::thread::hardware_concurrency()
  size_t max_offloaded = 0;                          // 0 = 8 per worker
};

using Handler = std::function<Response(const Request&)>;

// One request read from bytes exactly as a connection reads it (Beast's request parser with
// `limits`, then the conversion to the Request a Handler sees), without sockets or timeouts: the
// seam fuzz/server_request_fuzzer.cc drives the routes through (request_parser.cc). Pure and
// thread-safe.
struct ParsedRequest {
  std::optional<Request> request;  // set when a complete request was read
  // Otherwise the status the server answers before closing (400, 413, 431), or 0 when `wire` ends
  // before a request is complete (the server waits for more bytes, then times out silently).
  int reject_status = 0;
  bool keep_alive = false;  // the server reads another request after answering this one
  size_t consumed = 0;      // bytes of `wire` read; a pipelined next request starts there
};
ParsedRequest ParseRequest(std::string_view wire, const ServerLimits& limits);

class HttpServer {
 public:
  static Result<std::unique_ptr<HttpServer>> Start(ServerConfig config, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const;  // the bound port
  bool tls() const;
  void Stop();  // idempotent

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace knox::server
