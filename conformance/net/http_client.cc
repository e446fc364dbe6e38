// The async Beast client behind HttpClient's synchronous façade (see http_client.h).
//
// One coroutine per Send(): resolve, connect, TLS handshake, write, read. Every step has a
// deadline (beast::tcp_stream::expires_after, or a timer that cancels the resolver); the
// response is parsed incrementally by ResponseParser with the configured limits; interim 1xx
// responses (other than 101) are skipped. A request on a reused keep-alive connection that fails
// before any response byte (the server had closed it) is retried once on a new connection. The
// resolver's deadline classifies a slow lookup as kTimeout, but getaddrinfo itself cannot be
// interrupted, so Send() returns only when the system resolver does. Boost error codes become
// knox Errors here; messages name the host and port, never the path, query, headers or body
// (they may carry secrets).
#include "conformance/net/http_client.h"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstddef>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "conformance/net/response_parser.h"
#include "core/base/ascii.h"
#include "core/base/http_token.h"
#include "core/cookie/url.h"

namespace knox::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

// Where a request goes, derived once from its URL.
struct Target {
  cookie::Url url;
  bool tls = false;
  std::string host;       // for resolve, SNI and verification: no IPv6 brackets, no final dot
  std::string authority;  // host[:port] as the Host header and error messages show it
  std::string origin;     // scheme://authority: the connection pool key
};

// One open connection: plain TCP or TLS over TCP.
struct Connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<TlsStream> tls;

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
};

// How one attempt on one connection ended.
struct Outcome {
  Result<Response> response = Fail(ErrorCode::kInternal, "exchange not attempted");
  bool keep_alive = false;  // the connection may carry the next exchange
  bool stale = false;       // it failed before any response byte: the peer had closed it
};

bool HasHeader(const Headers& headers, std::string_view name) {
  for (const auto& [field, value] : headers) {
    if (EqualsIgnoreCase(field, name)) return true;
  }
  return false;
}

// RFC 9110 §5.5: no CTL other than HTAB (so no CR/LF header injection).
bool IsFieldValue(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return false;
  }
  return true;
}

Result<Target> ParseTarget(std::string_view text) {
  auto url = cookie::ParseUrl(text);
  if (!url) return Fail(ErrorCode::kInvalidArgument, "invalid URL: " + url.error().message);
  if (url->scheme != "http" && url->scheme != "https") {
    return Fail(ErrorCode::kInvalidArgument, "unsupported URL scheme (only http and https)");
  }
  Target t;
  t.tls = url->scheme == "https";
  t.host = url->host;
  if (url->host_kind == cookie::HostKind::kIPv6) t.host = t.host.substr(1, t.host.size() - 2);
  if (t.host.size() > 1 && t.host.back() == '.') t.host.pop_back();
  t.authority = url->host;
  if (url->port != (t.tls ? 443 : 80)) t.authority += ":" + std::to_string(url->port);
  t.origin = url->scheme + "://" + t.authority;
  t.url = *std::move(url);
  return t;
}

bool BodyExpected(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

Result<void> ValidateHeaders(const Headers& headers) {
  for (const auto& [name, value] : headers) {
    if (!IsHttpToken(name)) return Fail(ErrorCode::kInvalidArgument, "invalid header name");
    if (!IsFieldValue(value)) {
      return Fail(ErrorCode::kInvalidArgument, "header value has a control character");
    }
  }
  return {};
}

void AppendField(std::string& wire, std::string_view name, std::string_view value) {
  wire.append(name).append(": ").append(value).append("\r\n");
}

// The request on the wire: request line, Host, User-Agent, the client's extra headers, the
// request's own headers, Content-Length, body. A header the request sets itself wins.
Result<std::string> BuildWire(const Request& req, const Target& t, const ClientOptions& opt) {
  if (!IsHttpToken(req.method)) return Fail(ErrorCode::kInvalidArgument, "invalid HTTP method");
  if (auto ok = ValidateHeaders(req.headers); !ok) return std::unexpected(ok.error());
  if (auto ok = ValidateHeaders(opt.extra_headers); !ok) return std::unexpected(ok.error());
  if (!IsFieldValue(opt.user_agent)) {
    return Fail(ErrorCode::kInvalidArgument, "User-Agent has a control character");
  }
  std::string wire = req.method + " " + t.url.path;
  if (t.url.query) wire += "?" + *t.url.query;
  wire += " HTTP/1.1\r\n";
  if (!HasHeader(req.headers, "Host")) AppendField(wire, "Host", t.authority);
  if (!opt.user_agent.empty() && !HasHeader(req.headers, "User-Agent") &&
      !HasHeader(opt.extra_headers, "User-Agent")) {
    AppendField(wire, "User-Agent", opt.user_agent);
  }
  for (const auto& [name, value] : opt.extra_headers) {
    if (!HasHeader(req.headers, name)) AppendField(wire, name, value);
  }
  for (const auto& [name, value] : req.headers) AppendField(wire, name, value);
  if (!HasHeader(req.headers, "Content-Length") && !HasHeader(req.headers, "Transfer-Encoding") &&
      (!req.body.empty() || BodyExpected(req.method))) {
    AppendField(wire, "Content-Length", std::to_string(req.body.size()));
  }
  wire += "\r\n";
  wire += req.body;
  return wire;
}

bool RequestAsksClose(const Headers& headers) {
  for (const auto& [name, value] : headers) {
    if (EqualsIgnoreCase(name, "Connection") && EqualsIgnoreCase(value, "close")) return true;
  }
  return false;
}

bool IsTimeout(const error_code& ec) {
  return ec == beast::error::timeout || ec == asio::error::timed_out;
}

bool IsEndOfStream(const error_code& ec) {
  return ec == asio::error::eof || ec == ssl::error::stream_truncated;
}

// The peer closed or reset the connection: what a stale keep-alive connection looks like.
bool IsClosedByPeer(const error_code& ec) {
  return IsEndOfStream(ec) || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted;
}

Error NetError(const error_code& ec, const std::string& what, std::chrono::milliseconds timeout) {
  if (IsTimeout(ec)) {
    return Error{ErrorCode::kTimeout,
                 what + ": timed out after " + std::to_string(timeout.count()) + " ms"};
  }
  return Error{ErrorCode::kUnavailable, what + ": " + ec.message()};
}

// 1xx responses other than 101 are interim (RFC 9110 §15.2): the final response follows.
bool IsInterim(int status) { return status >= 100 && status < 200 && status != 101; }

}  // namespace

struct HttpClient::Impl {
  explicit Impl(ClientOptions opt) : options(std::move(opt)) {}

  Result<Response> Perform(const Request& request);
  Result<ssl::context*> TlsContext();
  asio::awaitable<void> Run(const Target& t, const std::string& wire, bool head, bool close,
                            Result<Response>& out);
  asio::awaitable<Result<Connection>> Connect(const Target& t);
  asio::awaitable<Result<tcp::resolver::results_type>> Resolve(const Target& t);
  asio::awaitable<Result<void>> Handshake(TlsStream& stream, const Target& t);
  asio::awaitable<Outcome> ExchangeOn(Connection& c, const Target& t, const std::string& wire,
                                      bool head);
  template <class Stream>
  asio::awaitable<Outcome> Transact(Stream& stream, beast::tcp_stream& lowest, const Target& t,
                                    const std::string& wire, bool head);

  ClientOptions options;
  std::vector<Exchange> exchanges;
  asio::io_context ioc;  // declared before every I/O object: destroyed after them
  tcp::resolver resolver{ioc};
  std::optional<ssl::context> tls_context;
  std::map<std::string, Connection> pool;  // idle keep-alive connections by origin
};

Result<ssl::context*> HttpClient::Impl::TlsContext() {
  if (tls_context) return &*tls_context;
  ssl::context ctx(ssl::context::tls_client);
  if (options.insecure) {
    ctx.set_verify_mode(ssl::verify_none);
  } else {
    error_code ec;
    ctx.set_default_verify_paths(ec);  // on failure only the ca_file anchors remain
    if (!options.ca_file.empty()) {
      ctx.load_verify_file(options.ca_file, ec);
      if (ec) {
        return Fail(ErrorCode::kInvalidArgument,
                    "cannot load CA file " + options.ca_file + ": " + ec.message());
      }
    }
    ctx.set_verify_mode(ssl::verify_peer);
  }
  tls_context.emplace(std::move(ctx));
  return &*tls_context;
}

asio::awaitable<Result<tcp::resolver::results_type>> HttpClient::Impl::Resolve(const Target& t) {
  // The resolver has no deadline of its own: a timer cancels it. The flag is shared because
  // the timer's handler may run after this frame is gone.
  auto timed_out = std::make_shared<bool>(false);
  asio::steady_timer timer(ioc, options.timeout);
  timer.async_wait([timed_out, &r = resolver](const error_code& ec) {
    if (!ec) {
      *timed_out = true;
      r.cancel();
    }
  });
  auto flags = tcp::resolver::numeric_service;
  if (t.url.IsIpAddress()) flags |= tcp::resolver::numeric_host;
  auto [ec, results] =
      co_await resolver.async_resolve(t.host, std::to_string(t.url.port), flags, kUseTuple);
  timer.cancel();
  if (*timed_out)
    co_return std::unexpected(
        NetError(beast::error::timeout, "resolving " + t.host, options.timeout));
  if (ec) co_return std::unexpected(NetError(ec, "cannot resolve " + t.host, options.timeout));
  co_return results;
}

asio::awaitable<Result<void>> HttpClient::Impl::Handshake(TlsStream& stream, const Target& t) {
  SSL* ssl_handle = stream.native_handle();
  // SNI carries DNS names only (RFC 6066 §3).
  if (!t.url.IsIpAddress() && !SSL_set_tlsext_host_name(ssl_handle, t.host.c_str())) {
    co_return Fail(ErrorCode::kInternal, "cannot set TLS SNI for " + t.host);
  }
  if (!options.insecure) {
    // RFC 6125 reference identity, checked by OpenSSL during chain verification: a DNS name
    // against DNS SANs (no partial wildcards), an IP literal against IP SANs only.
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
    int ok = 0;
    if (t.url.IsIpAddress()) {
      ok = X509_VERIFY_PARAM_set1_ip_asc(param, t.host.c_str());
    } else {
      X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      ok = X509_VERIFY_PARAM_set1_host(param, t.host.c_str(), t.host.size());
    }
    if (ok != 1) co_return Fail(ErrorCode::kInternal, "cannot set TLS host verification");
  }
  beast::get_lowest_layer(stream).expires_after(options.timeout);
  auto [ec] = co_await stream.async_handshake(ssl::stream_base::client, kUseTuple);
  if (!ec) co_return Result<void>{};
  std::string what = "TLS handshake with " + t.authority + " failed";
  long verify = SSL_get_verify_result(ssl_handle);
  if (!options.insecure && verify != X509_V_OK) {
    co_return Fail(ErrorCode::kUnavailable, what + ": certificate verification failed: " +
                                                X509_verify_cert_error_string(verify));
  }
  co_return std::unexpected(NetError(ec, what, options.timeout));
}

asio::awaitable<Result<Connection>> HttpClient::Impl::Connect(const Target& t) {
  auto endpoints = co_await Resolve(t);
  if (!endpoints) co_return std::unexpected(endpoints.error());
  Connection c;
  if (t.tls) {
    auto ctx = TlsContext();
    if (!ctx) co_return std::unexpected(ctx.error());
    c.tls = std::make_unique<TlsStream>(ioc, **ctx);
  } else {
    c.plain = std::make_unique<beast::tcp_stream>(ioc);
  }
  c.lowest().expires_after(options.timeout);
  auto [ec, endpoint] = co_await c.lowest().async_connect(*endpoints, kUseTuple);
  if (ec)
    co_return std::unexpected(NetError(ec, "cannot connect to " + t.authority, options.timeout));
  if (c.tls) {
    auto shaken = co_await Handshake(*c.tls, t);
    if (!shaken) co_return std::unexpected(shaken.error());
  }
  co_return std::move(c);
}

template <class Stream>
asio::awaitable<Outcome> HttpClient::Impl::Transact(Stream& stream, beast::tcp_stream& lowest,
                                                    const Target& t, const std::string& wire,
                                                    bool head) {
  Outcome out;
  lowest.expires_after(options.timeout);
  auto [write_ec, written] = co_await asio::async_write(stream, asio::buffer(wire), kUseTuple);
  if (write_ec) {
    out.response = std::unexpected(
        NetError(write_ec, "sending the request to " + t.authority, options.timeout));
    out.stale = IsClosedByPeer(write_ec);
    co_return out;
  }
  const ResponseLimits limits{.max_header_bytes = options.max_header_bytes,
                              .max_body_bytes = options.max_body_bytes};
  auto parser = std::make_unique<ResponseParser>(limits, head);
  std::string pending;  // received bytes the parser has not consumed yet
  std::array<char, 16 * 1024> chunk;
  bool got_bytes = false;
  lowest.expires_after(options.timeout);  // one deadline for the whole response
  while (!parser->done()) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(chunk), kUseTuple);
    if (n > 0) {
      got_bytes = true;
      pending.append(chunk.data(), n);
      auto used = parser->Feed(pending);
      if (!used) {
        out.response = std::unexpected(used.error());
        co_return out;
      }
      pending.erase(0, *used);
      while (parser->done() && IsInterim(parser->status())) {
        parser = std::make_unique<ResponseParser>(limits, head);
        used = parser->Feed(pending);
        if (!used) {
          out.response = std::unexpected(used.error());
          co_return out;
        }
        pending.erase(0, *used);
      }
      if (parser->done()) break;
    }
    if (!ec) continue;
    if (IsEndOfStream(ec) && got_bytes) {
      auto eof = parser->FeedEof();
      if (!eof) {
        out.response = std::unexpected(eof.error());
        co_return out;
      }
      break;
    }
    out.stale = !got_bytes && IsClosedByPeer(ec);
    std::string what =
        got_bytes ? "reading the response from " + t.authority : "no response from " + t.authority;
    if (IsEndOfStream(ec)) {
      out.response = Fail(ErrorCode::kUnavailable,
                          what + ": connection closed by the server before any response byte");
    } else {
      out.response = std::unexpected(NetError(ec, what, options.timeout));
    }
    co_return out;
  }
  out.keep_alive = parser->keep_alive() && pending.empty() && parser->status() != 101;
  out.response = parser->Take();
  co_return out;
}

asio::awaitable<Outcome> HttpClient::Impl::ExchangeOn(Connection& c, const Target& t,
                                                      const std::string& wire, bool head) {
  if (c.tls) co_return co_await Transact(*c.tls, c.lowest(), t, wire, head);
  co_return co_await Transact(*c.plain, *c.plain, t, wire, head);
}

asio::awaitable<void> HttpClient::Impl::Run(const Target& t, const std::string& wire, bool head,
                                            bool close, Result<Response>& out) {
  auto node = pool.extract(t.origin);
  bool reused = !node.empty();
  std::optional<Connection> conn;
  if (reused) conn.emplace(std::move(node.mapped()));
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!conn) {
      auto fresh = co_await Connect(t);
      if (!fresh) {
        out = std::unexpected(fresh.error());
        co_return;
      }
      conn.emplace(*std::move(fresh));
    }
    Outcome outcome = co_await ExchangeOn(*conn, t, wire, head);
    // A reused connection the server had already closed: reconnect and retry, once.
    if (outcome.stale && reused && attempt == 0) {
      conn.reset();
      reused = false;
      continue;
    }
    if (outcome.keep_alive && !close) pool.insert_or_assign(t.origin, *std::move(conn));
    out = std::move(outcome.response);
    co_return;
  }
}

Result<Response> HttpClient::Impl::Perform(const Request& request) {
  auto target = ParseTarget(request.url);
  if (!target) return std::unexpected(target.error());
  auto wire = BuildWire(request, *target, options);
  if (!wire) return std::unexpected(wire.error());
  bool head = request.method == "HEAD";
  bool close = RequestAsksClose(request.headers) || RequestAsksClose(options.extra_headers);
  Result<Response> out = Fail(ErrorCode::kInternal, "HTTP exchange did not complete");
  try {
    asio::co_spawn(ioc, Run(*target, *wire, head, close, out), [&out](const std::exception_ptr& e) {
      if (e) out = Fail(ErrorCode::kInternal, "unexpected exception in the HTTP client");
    });
    ioc.restart();
    ioc.run();
  } catch (const std::exception&) {
    pool.clear();
    return Fail(ErrorCode::kInternal, "unexpected exception in the HTTP client");
  }
  return out;
}

HttpClient::HttpClient(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpClient::~HttpClient() = default;

Result<Response> HttpClient::Send(const Request& request) {
  auto start = std::chrono::steady_clock::now();
  Result<Response> result = impl_->Perform(request);
  auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  impl_->exchanges.push_back(Exchange{request, result, elapsed});
  return result;
}

const std::vector<Exchange>& HttpClient::Exchanges() const { return impl_->exchanges; }

const ClientOptions& HttpClient::options() const { return impl_->options; }

}  // namespace knox::net
