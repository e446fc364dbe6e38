// With request_parser.cc (Beast's basic_parser: the request reading) the only translation units of
// core/server that include Boost; this one has Asio's sockets, TLS and coroutines (it costs ~18 s
// of g++ time). Boost error codes are converted to knox::Error here.
//
// The per-request path is kept short on purpose (GET /me is raced against nginx): Beast's
// basic_parser fills the connection's reused knox::Request directly (no Beast message, no copies
// of the header fields into a second container); a response is written as one flat buffer, reused
// by the connection, with one non-blocking send when the socket takes it all (the common case:
// no asynchronous operation, no deadline); every Asio object uses the io_context's concrete
// executor type (no type-erased executor copies); and the connection's timeouts are one Deadline
// whose timer is re-armed only when a deadline moves earlier than the time it waits for.
#include "core/server/http_server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/status.hpp>
#include <charconv>
#include <exception>
#include <future>
#include <thread>
#include <vector>

#include "core/base/ascii.h"
#include "core/server/request_parser.h"

namespace knox::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using internal::RequestParser;
using internal::StatusForReadError;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using namespace std::string_view_literals;
using Clock = std::chrono::steady_clock;

using Executor = net::io_context::executor_type;
using Socket = net::basic_stream_socket<tcp, Executor>;
using TlsStream = ssl::stream<Socket>;
using Acceptor = net::basic_socket_acceptor<tcp, Executor>;
using Timer = net::basic_waitable_timer<Clock, net::wait_traits<Clock>, Executor>;
template <class T>
using Task = net::awaitable<T, Executor>;

constexpr auto kUseTuple = net::as_tuple(net::use_awaitable_t<Executor>{});
constexpr size_t kMaxDrainBytes = 1 << 20;
constexpr auto kDrainTime = 1s;
constexpr size_t kMinReadBytes = 4096;
constexpr size_t kMaxReadBytes = 65536;

// The answer to an offloaded request when the worker pool is saturated.
Response Busy() {
  Response r{.status = 503, .body = "{\"error\":\"server busy\"}"};
  r.Add("Content-Type", "application/json");
  r.Add("Cache-Control", "no-store");
  r.Add("Retry-After", "1");
  return r;
}

Response InternalError() {
  Response r{.status = 500, .body = "internal error\n"};
  r.Add("Content-Type", "text/plain; charset=utf-8");
  return r;
}

Response Call(const Handler& handler, const Request& request) {
  try {
    return handler(request);
  } catch (const std::exception&) {
    return InternalError();
  }
}

// Header fields the server writes itself (framing and connection management).
bool IsFramingField(std::string_view name) {
  return EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Connection") ||
         EqualsIgnoreCase(name, "Transfer-Encoding");
}

// A control character other than HTAB (RFC 9110 §5.5: a field value is visible characters, SP,
// HTAB and obs-text); CR and LF among them would split the response.
constexpr auto kControl = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = c != '\t';
  table[0x7f] = true;
  return table;
}();

bool HasControl(std::string_view s) {
  return std::ranges::any_of(s, [](char c) { return kControl[static_cast<unsigned char>(c)]; });
}

// A status and header fields that can be written as they are: a three-digit status, no control
// character in a field, no empty name and no ':' in one.
bool Writable(const Response& r) {
  if (r.status < 100 || r.status > 999) return false;
  for (const auto& [name, value] : r.headers) {
    if (name.empty() || name.find(':') != std::string::npos || HasControl(name) ||
        HasControl(value)) {
      return false;
    }
  }
  return true;
}

void AppendNumber(std::string& out, size_t n) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

// Writes `r` as HTTP/1.x bytes into `out` (cleared first; its capacity is reused), as Beast's
// serializer wrote a message after keep_alive() and prepare_payload(): the status line with the
// RFC 9110 reason phrase, the handler's fields in order, then `Connection: close` (HTTP/1.1
// without keep-alive) or `Connection: keep-alive` (HTTP/1.0 with it), then Content-Length — the
// size of the body even for HEAD, whose body is not written. 1xx, 204 and 304 carry neither a
// Content-Length nor a body (RFC 9110 §8.6). Number formatting is locale-independent.
void Serialize(const Response& r, int version, bool keep_alive, bool head, std::string& out) {
  out.clear();
  out.append(version == 10 ? "HTTP/1.0 "sv : "HTTP/1.1 "sv);
  AppendNumber(out, static_cast<size_t>(r.status));
  out.push_back(' ');
  const auto reason = http::obsolete_reason(static_cast<http::status>(r.status));
  out.append(reason.data(), reason.size());
  out.append("\r\n"sv);
  for (const auto& [name, value] : r.headers) {
    if (IsFramingField(name)) continue;
    out.append(name).append(": "sv).append(value).append("\r\n"sv);
  }
  if (version != 10 && !keep_alive) out.append("Connection: close\r\n"sv);
  if (version == 10 && keep_alive) out.append("Connection: keep-alive\r\n"sv);
  const bool bodiless = r.status < 200 || r.status == 204 || r.status == 304;
  if (!bodiless) {
    out.append("Content-Length: "sv);
    AppendNumber(out, r.body.size());
    out.append("\r\n"sv);
  }
  out.append("\r\n"sv);
  if (!head && !bodiless) out.append(r.body);
}

// How many bytes the next read may add to `buffer`.
size_t ReadSize(const beast::flat_buffer& buffer) {
  return std::clamp(buffer.capacity() - buffer.size(), kMinReadBytes, kMaxReadBytes);
}

// One connection's deadline. Set() stores a time point; the timer is re-armed only when the new
// deadline is earlier than the time the timer waits for, or when the timer wakes before the
// current deadline. So a kept-alive connection whose requests arrive whole and whose answers are
// sent at once touches the timer about once per idle timeout instead of several times per
// request. When the deadline passes, the socket is closed, which fails the pending operation.
// Lives in a shared_ptr (the timer's handler holds one); used only on the connection's thread.
class Deadline : public std::enable_shared_from_this<Deadline> {
 public:
  explicit Deadline(Socket& socket) : socket_(socket), timer_(socket.get_executor()) {}

  void Start(std::chrono::milliseconds after) {
    deadline_ = Clock::now() + after;
    Arm();
  }
  void Set(std::chrono::milliseconds after) { Until(Clock::now() + after); }
  void Until(Clock::time_point t) {
    deadline_ = t;
    if (t < armed_) timer_.cancel();  // its handler re-arms at the new deadline
  }
  void Clear() { deadline_ = Clock::time_point::max(); }
  void Stop() {
    stopped_ = true;
    timer_.cancel();
  }

 private:
  void Arm() {
    // Without a deadline (a handler running off the thread), look again in an hour.
    armed_ = std::min(deadline_, Clock::now() + 1h);
    timer_.expires_at(armed_);
    timer_.async_wait([self = shared_from_this()](const beast::error_code&) { self->Wake(); });
  }
  void Wake() {
    if (stopped_) return;
    if (Clock::now() >= deadline_) {
      beast::error_code ignored;
      socket_.close(ignored);
      return;
    }
    Arm();
  }

  Socket& socket_;
  Timer timer_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point armed_ = Clock::time_point::max();
  bool stopped_ = false;
};

// Reads one request into a RequestParser, as the steps of the connection's read loop (plain
// functions, so that the loop in Session needs no coroutine of its own per request). The first
// request's header must be complete within header_timeout of the accept (the deadline the
// connection starts with); on a kept-alive connection the first byte may take idle_timeout, and
// when the header is not complete with the bytes read so far, the rest of it gets header_timeout
// from then (a pipelined request: from its start). A body still to come gets body_timeout from the
// end of the header. A request that arrives whole sets no deadline beyond the first.
class RequestReader {
 public:
  RequestReader(RequestParser& parser, beast::flat_buffer& buffer, Deadline& deadline,
                const ServerLimits& limits, bool first)
      : parser_(parser), buffer_(buffer), deadline_(deadline), limits_(limits) {
    if (first) return;
    if (buffer_.size() == 0) {
      phase_ = Phase::kIdle;
      deadline_.Set(limits_.idle_timeout);
    } else {
      deadline_.Set(limits_.header_timeout);
    }
  }

  // Gives the buffered bytes to the parser. True when that ends the request: complete (`ec`
  // clear) or refused (`ec` set); false when more bytes must be read.
  bool Parse(beast::error_code& ec) {
    while (buffer_.size() > 0) {
      const size_t used = parser_.put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) break;
      if (ec || parser_.is_done()) return true;
      if (used == 0) break;
    }
    ec = {};
    return false;
  }

  // Before each read: the deadline of the phase the request is in.
  void BeforeRead() {
    if (parser_.is_header_done()) {
      if (phase_ != Phase::kBody) deadline_.Set(limits_.body_timeout);
      phase_ = Phase::kBody;
    } else if (phase_ == Phase::kIdle && buffer_.size() > 0) {
      deadline_.Set(limits_.header_timeout);
      phase_ = Phase::kHeader;
    }
  }

  // The outcome of a read that failed with `ec`. Every byte read before was given to the parser,
  // so the end of the stream before any byte is a clean close (end_of_stream), and within a
  // request it is what the parser says of it (partial_message).
  beast::error_code Failed(const beast::error_code& ec) {
    if (ec != net::error::eof) return ec;
    if (!parser_.got_some()) return http::error::end_of_stream;
    beast::error_code eof_ec;
    parser_.put_eof(eof_ec);
    return eof_ec ? eof_ec : beast::error_code(http::error::partial_message);
  }

 private:
  enum class Phase { kIdle, kHeader, kBody };
  RequestParser& parser_;
  beast::flat_buffer& buffer_;
  Deadline& deadline_;
  const ServerLimits& limits_;
  Phase phase_ = Phase::kHeader;
};

// One non-blocking send of `bytes` on a plain socket (set non-blocking at accept); how much it
// took. Nothing on a TLS stream, whose records are written asynchronously. `ec` is set only for a
// real failure, not when the socket's buffer is full.
size_t TrySend(Socket& socket, const std::string& bytes, beast::error_code& ec) {
  const size_t sent = socket.write_some(net::buffer(bytes), ec);
  if (ec == net::error::would_block || ec == net::error::try_again) ec = {};
  return ec ? 0 : sent;
}
size_t TrySend(TlsStream&, const std::string&, beast::error_code&) { return 0; }

void ShutdownSend(Socket& socket) {
  beast::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
}
void ShutdownSend(TlsStream&) {}

// One per I/O thread, on its own cache line: the requests being handled on that thread.
struct alignas(64) InFlight {
  std::atomic<size_t> n{0};
};

}  // namespace

struct HttpServer::Impl {
  ServerConfig config;
  Handler handler;
  std::optional<ssl::context> tls;  // declared before the contexts: it outlives every connection
  std::optional<net::thread_pool> workers;  // only when config.offload is set
  size_t max_offloaded = 0;
  std::atomic<size_t> offloaded{0};
  std::vector<std::unique_ptr<net::io_context>> contexts;
  std::unique_ptr<InFlight[]> in_flight;  // one per context
  std::vector<net::executor_work_guard<Executor>> guards;
  std::optional<Acceptor> acceptor;
  std::vector<std::thread> threads;
  uint16_t port = 0;
  std::atomic<bool> stopping{false};
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
  size_t InFlightTotal() const;
  Task<void> AcceptLoop();
  Task<void> ServePlain(Socket socket, size_t context);
  Task<void> ServeTls(Socket socket, size_t context);
  template <class Stream>
  Task<bool> Session(Stream& stream, Deadline& deadline, size_t context);
  Task<Response> Offload(const Request& request);
  template <class Stream>
  Task<beast::error_code> Write(Stream& stream, Deadline& deadline, const std::string& bytes);
  template <class Stream>
  Task<beast::error_code> WriteRest(Stream& stream, Deadline& deadline, const std::string& bytes,
                                    size_t sent);
  template <class Stream>
  Task<void> RejectAndDrain(Stream& stream, Deadline& deadline, beast::flat_buffer& buffer,
                            int status);
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
  acceptor.emplace(contexts.front()->get_executor());
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

size_t HttpServer::Impl::InFlightTotal() const {
  size_t total = 0;
  for (size_t i = 0; i < contexts.size(); ++i) total += in_flight[i].n.load();
  return total;
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
  auto deadline = Clock::now() + config.shutdown_grace;
  while (InFlightTotal() > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  // Offloaded work still queued finishes (each item is bounded by the handler's own cost); its
  // answers are then dropped with the contexts.
  if (workers) workers->join();
  for (auto& context : contexts) context->stop();
  for (auto& thread : threads) thread.join();
  threads.clear();
}

Task<void> HttpServer::Impl::AcceptLoop() {
  Timer backoff(contexts.front()->get_executor());
  while (acceptor->is_open()) {
    const size_t index = next_context.fetch_add(1) % contexts.size();
    auto [ec, socket] = co_await acceptor->async_accept(*contexts[index], kUseTuple);
    if (ec == net::error::operation_aborted || !acceptor->is_open()) co_return;
    if (ec) {  // e.g. out of file descriptors: wait instead of spinning
      backoff.expires_after(50ms);
      co_await backoff.async_wait(kUseTuple);
      continue;
    }
    if (tls) {
      net::co_spawn(*contexts[index], ServeTls(std::move(socket), index), net::detached);
    } else {
      net::co_spawn(*contexts[index], ServePlain(std::move(socket), index), net::detached);
    }
  }
}

Task<void> HttpServer::Impl::ServePlain(Socket socket, size_t context) {
  beast::error_code ec;
  socket.non_blocking(true, ec);  // Write() tries a send that must not block first
  if (ec) co_return;
  auto deadline = std::make_shared<Deadline>(socket);
  deadline->Start(config.limits.header_timeout);
  if (co_await Session(socket, *deadline, context)) ShutdownSend(socket);
  deadline->Stop();
}

Task<void> HttpServer::Impl::ServeTls(Socket socket, size_t context) {
  TlsStream stream(std::move(socket), *tls);
  auto deadline = std::make_shared<Deadline>(stream.next_layer());
  deadline->Start(config.limits.header_timeout);
  auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kUseTuple);
  deadline->Set(config.limits.header_timeout);  // the first header: header_timeout from here
  if (!ec && co_await Session(stream, *deadline, context)) {
    deadline->Set(config.limits.write_timeout);
    co_await stream.async_shutdown(kUseTuple);
  }
  deadline->Stop();
}

// Writes `bytes`: first one non-blocking send (plain sockets), which usually takes everything,
// then, only when something is left, an asynchronous write of the rest within write_timeout.
template <class Stream>
Task<beast::error_code> HttpServer::Impl::Write(Stream& stream, Deadline& deadline,
                                                const std::string& bytes) {
  beast::error_code ec;
  const size_t sent = TrySend(stream, bytes, ec);
  if (ec || sent == bytes.size()) co_return ec;
  co_return co_await WriteRest(stream, deadline, bytes, sent);
}

template <class Stream>
Task<beast::error_code> HttpServer::Impl::WriteRest(Stream& stream, Deadline& deadline,
                                                    const std::string& bytes, size_t sent) {
  deadline.Set(config.limits.write_timeout);
  auto [ec, n] = co_await net::async_write(
      stream, net::buffer(bytes.data() + sent, bytes.size() - sent), kUseTuple);
  co_return ec;
}

// Serves requests until the client or the server ends the connection. True when it ended cleanly
// (the last response was written), false when the connection is broken and can only be closed.
template <class Stream>
Task<bool> HttpServer::Impl::Session(Stream& stream, Deadline& deadline, size_t context) {
  beast::flat_buffer buffer;
  Request request;    // reused by every request of the connection (see RequestParser)
  std::string bytes;  // the response being written, reused likewise
  for (bool first = true;; first = false) {
    RequestParser parser(request, config.limits);
    RequestReader reader(parser, buffer, deadline, config.limits, first);
    beast::error_code ec;
    while (!reader.Parse(ec)) {
      reader.BeforeRead();
      auto [read_ec, n] =
          co_await stream.async_read_some(buffer.prepare(ReadSize(buffer)), kUseTuple);
      buffer.commit(n);
      if (read_ec) {
        ec = reader.Failed(read_ec);
        break;
      }
    }
    if (ec) {
      if (ec == http::error::end_of_stream) co_return true;
      if (auto status = StatusForReadError(ec)) {
        co_await RejectAndDrain(stream, deadline, buffer, *status);
      }
      co_return false;
    }
    in_flight[context].n.fetch_add(1);
    const bool keep_alive = parser.keep_alive() && !stopping.load();
    Response response;
    if (workers && config.offload(request)) {
      deadline.Clear();  // no timeout while the handler runs elsewhere
      response = co_await Offload(request);
    } else {
      response = Call(handler, request);
    }
    if (!Writable(response)) response = InternalError();
    Serialize(response, parser.version(), keep_alive, parser.head(), bytes);
    beast::error_code write_ec;  // the send is tried here, without a coroutine of its own
    const size_t sent = TrySend(stream, bytes, write_ec);
    if (!write_ec && sent < bytes.size()) {
      write_ec = co_await WriteRest(stream, deadline, bytes, sent);
    }
    in_flight[context].n.fetch_sub(1);
    if (write_ec) co_return false;
    if (!keep_alive) co_return true;
  }
}

// Runs the handler on the worker pool (the connection's coroutine waits without holding its
// thread), or answers Busy when the pool has max_offloaded requests already.
Task<Response> HttpServer::Impl::Offload(const Request& request) {
  if (offloaded.fetch_add(1) >= max_offloaded) {
    offloaded.fetch_sub(1);
    co_return Busy();
  }
  Response response = co_await net::co_spawn(
      workers->get_executor(),
      [this, &request]() -> net::awaitable<Response> { co_return Call(handler, request); },
      net::use_awaitable_t<Executor>{});
  offloaded.fetch_sub(1);
  co_return response;
}

// Answers an unusable request, stops sending, and reads what the client still sends for a short
// while, so that closing does not reset the connection before the client has read the answer.
template <class Stream>
Task<void> HttpServer::Impl::RejectAndDrain(Stream& stream, Deadline& deadline,
                                            beast::flat_buffer& buffer, int status) {
  Response response{.status = status};
  response.Add("Content-Type", "text/plain; charset=utf-8");
  const auto reason = http::obsolete_reason(static_cast<http::status>(status));
  response.body.assign(reason.data(), reason.size()).append("\n");
  std::string bytes;
  Serialize(response, 11, /*keep_alive=*/false, /*head=*/false, bytes);
  if (co_await Write(stream, deadline, bytes)) co_return;
  ShutdownSend(stream);
  deadline.Set(kDrainTime);
  for (size_t drained = 0; drained < kMaxDrainBytes;) {
    buffer.clear();
    auto [read_ec, got] =
        co_await stream.async_read_some(buffer.prepare(size_t{16} * 1024), kUseTuple);
    if (read_ec) break;
    drained += got;
  }
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
  const unsigned contexts = std::max(1u, threads);
  for (unsigned i = 0; i < contexts; ++i) {
    impl->contexts.push_back(std::make_unique<net::io_context>(1));
    impl->guards.push_back(net::make_work_guard(impl->contexts.back()->get_executor()));
  }
  impl->in_flight = std::make_unique<InFlight[]>(contexts);
  if (auto ok = impl->LoadTls(); !ok) return std::unexpected(ok.error());
  if (auto ok = impl->Listen(); !ok) return std::unexpected(ok.error());
  impl->Run();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

uint16_t HttpServer::port() const { return impl_->port; }
bool HttpServer::tls() const { return impl_->tls.has_value(); }
void HttpServer::Stop() { impl_->Stop(); }

}  // namespace knox::server
