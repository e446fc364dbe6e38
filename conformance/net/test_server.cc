// The scripted loopback server for tests (see test_server.h): an Asio coroutine per connection on
// one background thread.
#include "conformance/net/test_server.h"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/base/ascii.h"

namespace knox::net::testkit {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

// The Content-Length of a request head, 0 when absent or unreadable.
size_t ContentLength(std::string_view head) {
  constexpr std::string_view kField = "\r\ncontent-length:";
  size_t at = FindIgnoreCase(head, kField);
  if (at == std::string_view::npos) return 0;
  size_t i = at + kField.size();
  while (i < head.size() && head[i] == ' ') ++i;
  size_t length = 0;
  while (i < head.size() && head[i] >= '0' && head[i] <= '9') {
    length = length * 10 + static_cast<size_t>(head[i] - '0');
    ++i;
  }
  return length;
}

}  // namespace

struct TestServer::Impl {
  asio::awaitable<void> Accept();
  asio::awaitable<void> Serve(tcp::socket socket, size_t index);
  template <class Stream>
  asio::awaitable<void> ServeStream(Stream& stream, size_t index, const std::string& sni);

  ServerHandler handler;
  mutable std::mutex mu;
  size_t accepted = 0;                    // guarded by mu
  std::vector<ReceivedRequest> received;  // guarded by mu
  uint16_t port = 0;
  asio::io_context ioc;  // destroyed after the acceptor, TLS context and coroutine frames
  std::optional<ssl::context> tls;
  tcp::acceptor acceptor{ioc};
  std::thread thread;
};

asio::awaitable<void> TestServer::Impl::Accept() {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kUseTuple);
    if (ec) co_return;
    size_t index = 0;
    {
      std::lock_guard lock(mu);
      index = ++accepted;
    }
    asio::co_spawn(ioc, Serve(std::move(socket), index), asio::detached);
  }
}

asio::awaitable<void> TestServer::Impl::Serve(tcp::socket socket, size_t index) {
  if (!tls) {
    co_await ServeStream(socket, index, "");
    co_return;
  }
  ssl::stream<tcp::socket> stream(std::move(socket), *tls);
  auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kUseTuple);
  if (ec) co_return;
  const char* sni = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
  co_await ServeStream(stream, index, sni == nullptr ? "" : sni);
}

template <class Stream>
asio::awaitable<void> TestServer::Impl::ServeStream(Stream& stream, size_t index,
                                                    const std::string& sni) {
  std::string buffer;
  for (;;) {
    auto [ec, n] = co_await asio::async_read_until(stream, asio::dynamic_buffer(buffer), "\r\n\r\n",
                                                   kUseTuple);
    if (ec) co_return;
    ReceivedRequest request{.head = buffer.substr(0, n), .connection = index, .sni = sni};
    buffer.erase(0, n);
    size_t length = ContentLength(request.head);
    if (buffer.size() < length) {
      auto [body_ec, m] =
          co_await asio::async_read(stream, asio::dynamic_buffer(buffer),
                                    asio::transfer_exactly(length - buffer.size()), kUseTuple);
      if (body_ec) co_return;
    }
    request.body = buffer.substr(0, length);
    buffer.erase(0, length);
    {
      std::lock_guard lock(mu);
      received.push_back(request);
    }
    ServerReply reply = handler(request);
    if (reply.hang) {
      asio::steady_timer forever(ioc, std::chrono::hours(1));
      co_await forever.async_wait(kUseTuple);
      co_return;
    }
    auto [write_ec, written] =
        co_await asio::async_write(stream, asio::buffer(reply.bytes), kUseTuple);
    if (write_ec || reply.close_after) {
      error_code ignored;
      stream.lowest_layer().close(ignored);
      co_return;
    }
  }
}

TestServer::TestServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

TestServer::~TestServer() {
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

Result<std::unique_ptr<TestServer>> TestServer::Start(ServerHandler handler,
                                                      std::optional<TlsFiles> tls) {
  auto impl = std::make_unique<Impl>();
  impl->handler = std::move(handler);
  error_code ec;
  if (tls) {
    impl->tls.emplace(ssl::context::tls_server);
    impl->tls->use_certificate_chain_file(tls->cert_chain_file, ec);
    if (!ec) impl->tls->use_private_key_file(tls->private_key_file, ssl::context::pem, ec);
    if (ec) return Fail(ErrorCode::kUnavailable, "test server TLS setup: " + ec.message());
  }
  tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), 0);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) impl->port = impl->acceptor.local_endpoint(ec).port();
  if (ec) return Fail(ErrorCode::kUnavailable, "test server listen: " + ec.message());
  asio::co_spawn(impl->ioc, impl->Accept(), asio::detached);
  impl->thread = std::thread([raw = impl.get()] { raw->ioc.run(); });
  return std::unique_ptr<TestServer>(new TestServer(std::move(impl)));
}

uint16_t TestServer::port() const { return impl_->port; }

std::string TestServer::Url(const std::string& path) const {
  return std::string(impl_->tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port()) +
         path;
}

size_t TestServer::connections() const {
  std::lock_guard lock(impl_->mu);
  return impl_->accepted;
}

std::vector<ReceivedRequest> TestServer::requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->received;
}

std::string HttpResponse(int status, const std::string& reason, const std::string& body,
                         const std::string& extra) {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra + "\r\n" + body;
}

}  // namespace knox::net::testkit
