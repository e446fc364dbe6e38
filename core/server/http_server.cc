// The only translation unit of core/server that includes Beast and Asio (one such TU costs ~18 s
// of g++ time). Boost error codes are converted to knox::Error here.
#include "core/server/http_server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <exception>
#include <future>
#include <thread>
#include <vector>

namespace knox::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);
constexpr size_t kMaxDrainBytes = 1 << 20;
constexpr auto kDrainTime = 1s;

using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;

Request ToKnox(BeastRequest& in) {
  Request out{std::string(in.method_string()), std::string(in.target())};
  for (const auto& field : in) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(in.body());
  return out;
}

BeastResponse ToBeast(Response in, unsigned version, bool keep_alive) {
  BeastResponse out{static_cast<http::status>(in.status), version};
  for (auto& [name, value] : in.headers) out.insert(name, value);
  out.body() = std::move(in.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

void ApplyLimits(http::request_parser<http::string_body>& parser, const ServerLimits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  parser.body_limit(limits.max_body_bytes);
}

// The status for a request that failed to parse, or nullopt when there is nobody to answer (the
// client went away, a timeout, a cancelled operation).
std::optional<int> StatusForReadError(const beast::error_code& ec) {
  if (ec == http::error::header_limit) return 431;
  if (ec == http::error::body_limit) return 413;
  if (ec.category() != beast::error_code(http::error::bad_method).category()) return std::nullopt;
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return std::nullopt;
  return 400;
}

// The answer to an offloaded request when the worker pool is saturated.
Response Busy() {
  Response r{.status = 503, .body = "{\"error\":\"server busy\"}"};
  r.Add("Content-Type", "application/json");
  r.Add("Cache-Control", "no-store");
  r.Add("Retry-After", "1");
  return r;
}

Response Call(const Handler& handler, const Request& request) {
  try {
    return handler(request);
  } catch (const std::exception&) {
    Response r{.status = 500, .body = "internal error\n"};
    r.Add("Content-Type", "text/plain; charset=utf-8");
    return r;
  }
}

void ShutdownSend(beast::tcp_stream& stream) {
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}
void ShutdownSend(beast::ssl_stream<beast::tcp_stream>&) {}

}  // namespace

struct HttpServer::Impl {
  ServerConfig config;
  Handler handler;
  std::optional<ssl::context> tls;  // declared before the contexts: it outlives every connection
  std::optional<net::thread_pool> workers;  // only when config.offload is set
  size_t max_offloaded = 0;
  std::atomic<size_t> offloaded{0};
  std::vector<std::unique_ptr<net::io_context>> contexts;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  std::optional<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  uint16_t port = 0;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> in_flight{0};
  std::atomic<size_t> next_context{0};
  std::mutex stop_mutex;
  bool stopped = false;

  // Stop() throws only if a mutex, promise or join fails (std::system_error), and terminating then
  // is the right outcome: the server's threads could not be stopped.
  // NOLINTNEXTLINE(bugprone-exception-escape)
  ~Impl() {
    Stop();
    acceptor.reset();
    guards.clear();
    contexts.clear();  // destroys suspended connection coroutines, closing their sockets
  }

  Result<void> Listen();
  Result<void> LoadTls();
  void Run();
  void Stop();
  net::awaitable<void> AcceptLoop();
  net::awaitable<void> ServePlain(tcp::socket socket);
  net::awaitable<void> ServeTls(tcp::socket socket);
  template <class Stream>
  net::awaitable<bool> Session(Stream& stream);
  net::awaitable<Response> Handle(Request request);
  template <class Stream>
  net::awaitable<beast::error_code> ReadRequest(Stream& stream, beast::flat_buffer& buffer,
                                                http::request_parser<http::string_body>& parser,
                                                bool first);
  template <class Stream>
  net::awaitable<void> RejectAndDrain(Stream& stream, beast::flat_buffer& buffer, int status);
};

Result<void> HttpServer::Impl::LoadTls() {
  if (!config.tls) return {};
  tls.emplace(ssl::context::tls_server);
  beast::error_code ec;
  tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use,
                   ec);
  if (!ec) tls->use_certificate_chain_file(config.tls->certificate_chain, ec);
  if (ec) return Fail(ErrorCode::kInvalidArgument, "TLS certificate: " + ec.message());
  tls->use_private_key_file(config.tls->private_key, ssl::context::pem, ec);
  if (ec) return Fail(ErrorCode::kInvalidArgument, "TLS private key: " + ec.message());
  return {};
}

Result<void> HttpServer::Impl::Listen() {
  beast::error_code ec;
  auto address = net::ip::make_address(config.address, ec);
  if (ec) return Fail(ErrorCode::kInvalidArgument, "not an IP address: " + config.address);
  tcp::endpoint endpoint(address, config.port);
  acceptor.emplace(*contexts.front());
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (!ec) port = acceptor->local_endpoint(ec).port();
  if (ec) return Fail(ErrorCode::kUnavailable, "cannot listen: " + ec.message());
  return {};
}

void HttpServer::Impl::Run() {
  net::co_spawn(*contexts.front(), AcceptLoop(), net::detached);
  for (auto& context : contexts) {
    threads.emplace_back([ctx = context.get()] { ctx->run(); });
  }
}

void HttpServer::Impl::Stop() {
  std::lock_guard lock(stop_mutex);
  if (stopped || threads.empty()) return;
  stopped = true;
  stopping = true;
  std::promise<void> closed;
  net::post(*contexts.front(), [&] {
    beast::error_code ignored;
    acceptor->close(ignored);
    closed.set_value();
  });
  closed.get_future().wait();
  auto deadline = std::chrono::steady_clock::now() + config.shutdown_grace;
  while (in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  // Offloaded work still queued finishes (each item is bounded by the handler's own cost); its
  // answers are then dropped with the contexts.
  if (workers) workers->join();
  for (auto& context : contexts) context->stop();
  for (auto& thread : threads) thread.join();
  threads.clear();
}

net::awaitable<void> HttpServer::Impl::AcceptLoop() {
  net::steady_timer backoff(*contexts.front());
  while (acceptor->is_open()) {
    auto& context = *contexts[next_context.fetch_add(1) % contexts.size()];
    auto [ec, socket] = co_await acceptor->async_accept(context, kUseTuple);
    if (ec == net::error::operation_aborted || !acceptor->is_open()) co_return;
    if (ec) {  // e.g. out of file descriptors: wait instead of spinning
      backoff.expires_after(50ms);
      co_await backoff.async_wait(kUseTuple);
      continue;
    }
    if (tls) {
      net::co_spawn(context, ServeTls(std::move(socket)), net::detached);
    } else {
      net::co_spawn(context, ServePlain(std::move(socket)), net::detached);
    }
  }
}

net::awaitable<void> HttpServer::Impl::ServePlain(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  if (co_await Session(stream)) ShutdownSend(stream);
}

net::awaitable<void> HttpServer::Impl::ServeTls(tcp::socket socket) {
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tls);
  beast::get_lowest_layer(stream).expires_after(config.limits.header_timeout);
  auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kUseTuple);
  if (ec) co_return;
  if (!co_await Session(stream)) co_return;
  beast::get_lowest_layer(stream).expires_after(config.limits.write_timeout);
  co_await stream.async_shutdown(kUseTuple);
}

// Reads one request. The first request's header must be complete within header_timeout of the
// accept; on a kept-alive connection the first byte may take idle_timeout, the rest of the header
// header_timeout. Then the body gets body_timeout.
template <class Stream>
net::awaitable<beast::error_code> HttpServer::Impl::ReadRequest(
    Stream& stream, beast::flat_buffer& buffer, http::request_parser<http::string_body>& parser,
    bool first) {
  auto& lowest = beast::get_lowest_layer(stream);
  ApplyLimits(parser, config.limits);
  if (first) {
    lowest.expires_after(config.limits.header_timeout);
  } else if (buffer.size() == 0) {
    lowest.expires_after(config.limits.idle_timeout);
    auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), kUseTuple);
    if (ec) co_return ec;
    buffer.commit(n);
    lowest.expires_after(config.limits.header_timeout);
  }
  auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kUseTuple);
  if (ec || parser.is_done()) co_return ec;
  lowest.expires_after(config.limits.body_timeout);
  auto [body_ec, body_n] = co_await http::async_read(stream, buffer, parser, kUseTuple);
  co_return body_ec;
}

// Serves requests until the client or the server ends the connection. True when it ended cleanly
// (the last response was written), false when the connection is broken and can only be closed.
template <class Stream>
net::awaitable<bool> HttpServer::Impl::Session(Stream& stream) {
  beast::flat_buffer buffer;
  for (bool first = true;; first = false) {
    http::request_parser<http::string_body> parser;
    beast::error_code ec = co_await ReadRequest(stream, buffer, parser, first);
    if (ec) {
      if (ec == http::error::end_of_stream) co_return true;
      if (auto status = StatusForReadError(ec)) co_await RejectAndDrain(stream, buffer, *status);
      co_return false;
    }
    in_flight.fetch_add(1);
    BeastRequest& request = parser.get();
    bool keep_alive = request.keep_alive() && !stopping.load();
    unsigned version = request.version();
    const bool head = request.method() == http::verb::head;
    BeastResponse response = ToBeast(co_await Handle(ToKnox(request)), version, keep_alive);
    // A HEAD answer keeps the GET answer's headers, Content-Length included, without its body.
    if (head) response.body().clear();
    beast::get_lowest_layer(stream).expires_after(config.limits.write_timeout);
    auto [write_ec, n] = co_await http::async_write(stream, response, kUseTuple);
    in_flight.fetch_sub(1);
    if (write_ec) co_return false;
    if (!keep_alive) co_return true;
  }
}

// Runs the handler on this I/O thread, or on the worker pool when config.offload asks for it (the
// connection's coroutine waits without holding its thread), or answers Busy when the pool has
// max_offloaded requests already.
net::awaitable<Response> HttpServer::Impl::Handle(Request request) {
  if (!workers || !config.offload(request)) co_return Call(handler, request);
  if (offloaded.fetch_add(1) >= max_offloaded) {
    offloaded.fetch_sub(1);
    co_return Busy();
  }
  Response response = co_await net::co_spawn(
      workers->get_executor(),
      [this, &request]() -> net::awaitable<Response> { co_return Call(handler, request); },
      net::use_awaitable);
  offloaded.fetch_sub(1);
  co_return response;
}

// Answers an unusable request, stops sending, and reads what the client still sends for a short
// while, so that closing does not reset the connection before the client has read the answer.
template <class Stream>
net::awaitable<void> HttpServer::Impl::RejectAndDrain(Stream& stream, beast::flat_buffer& buffer,
                                                      int status) {
  BeastResponse response{static_cast<http::status>(status), 11};
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = std::string(http::obsolete_reason(static_cast<http::status>(status))) + "\n";
  response.keep_alive(false);
  response.prepare_payload();
  auto& lowest = beast::get_lowest_layer(stream);
  lowest.expires_after(config.limits.write_timeout);
  auto [ec, n] = co_await http::async_write(stream, response, kUseTuple);
  if (ec) co_return;
  ShutdownSend(stream);
  lowest.expires_after(kDrainTime);
  for (size_t drained = 0; drained < kMaxDrainBytes;) {
    buffer.clear();
    auto [read_ec, got] =
        co_await stream.async_read_some(buffer.prepare(size_t{16} * 1024), kUseTuple);
    if (read_ec) break;
    drained += got;
  }
}

ParsedRequest ParseRequest(std::string_view wire, const ServerLimits& limits) {
  http::request_parser<http::string_body> parser;
  ApplyLimits(parser, limits);
  parser.eager(true);  // as http::async_read: the body is parsed as it arrives
  ParsedRequest out;
  while (!parser.is_done()) {
    beast::error_code ec;
    size_t n = parser.put(net::buffer(wire.substr(out.consumed)), ec);
    out.consumed += n;
    if (ec == http::error::need_more || (!ec && n == 0)) return out;  // incomplete: no answer
    if (ec) {
      out.reject_status = StatusForReadError(ec).value_or(0);
      return out;
    }
  }
  BeastRequest& request = parser.get();
  out.keep_alive = request.keep_alive();
  out.request = ToKnox(request);
  return out;
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::Start(ServerConfig config, Handler handler) {
  auto impl = std::make_unique<Impl>();
  unsigned threads = config.threads != 0 ? config.threads : std::thread::hardware_concurrency();
  impl->config = std::move(config);
  impl->handler = std::move(handler);
  if (impl->config.offload) {
    unsigned n = impl->config.workers != 0 ? impl->config.workers
                                           : std::max(1u, std::thread::hardware_concurrency());
    impl->workers.emplace(n);
    impl->max_offloaded =
        impl->config.max_offloaded != 0 ? impl->config.max_offloaded : size_t{8} * n;
  }
  for (unsigned i = 0; i < std::max(1u, threads); ++i) {
    impl->contexts.push_back(std::make_unique<net::io_context>(1));
    impl->guards.push_back(net::make_work_guard(*impl->contexts.back()));
  }
  if (auto ok = impl->LoadTls(); !ok) return std::unexpected(ok.error());
  if (auto ok = impl->Listen(); !ok) return std::unexpected(ok.error());
  impl->Run();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

uint16_t HttpServer::port() const { return impl_->port; }
bool HttpServer::tls() const { return impl_->tls.has_value(); }
void HttpServer::Stop() { impl_->Stop(); }

}  // namespace knox::server
