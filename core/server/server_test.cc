// The real server, started in-process on 127.0.0.1:0 and spoken to over sockets, plain and TLS:
// the login/me/logout flow on one kept-alive connection (also from several clients at once), the
// limits (431, 413), malformed input (400, and the server keeps serving), slow and idle clients
// closed after the (short, test-set) timeouts, and a clean stop.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "core/server/http_server.h"
#include "core/server/reference_server.h"
#include "core/server/test_certificate.h"
#include "core/server/user_store.h"

namespace knox::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);
using Req = http::request<http::string_body>;
using Res = http::response<http::string_body>;

// Runs one client coroutine on its own io_context to completion.
template <class T>
T RunClient(net::awaitable<T> (*body)(net::any_io_executor, uint16_t, std::string), uint16_t port,
            std::string arg = {}) {
  net::io_context ioc;
  auto result = net::co_spawn(ioc, body(ioc.get_executor(), port, std::move(arg)), net::use_future);
  ioc.run();
  return result.get();
}

Req Get(std::string target, std::string cookie = "") {
  Req r{http::verb::get, target, 11};
  r.set(http::field::host, "localhost");
  if (!cookie.empty()) r.set(http::field::cookie, cookie);
  return r;
}

Req Post(std::string target, std::string cookie = "", std::string body = "") {
  Req r{http::verb::post, target, 11};
  r.set(http::field::host, "localhost");
  if (!cookie.empty()) r.set(http::field::cookie, cookie);
  r.set(http::field::content_type, "application/x-www-form-urlencoded");
  r.body() = std::move(body);
  r.prepare_payload();
  return r;
}

// "name=value" of the first Set-Cookie of a response.
std::string CookieOf(const Res& r) {
  std::string value(r[http::field::set_cookie]);
  return value.substr(0, value.find(';'));
}

struct FlowResult {
  std::vector<Res> responses;
  std::string error;
};

// login -> me -> logout -> me -> me with the pre-logout cookie, on one kept-alive connection.
template <class Stream>
net::awaitable<FlowResult> Flow(Stream& stream) {
  FlowResult out;
  beast::flat_buffer buffer;
  std::string cookie;
  std::string session_cookie;
  for (int step = 0; step < 5; ++step) {
    Req request = step == 0   ? Post("/login", "", "username=alice&password=wonderland")
                  : step == 2 ? Post("/logout", cookie)
                  : step == 4 ? Get("/me", session_cookie)
                              : Get("/me", cookie);
    beast::get_lowest_layer(stream).expires_after(5s);
    auto [wec, wn] = co_await http::async_write(stream, request, kUseTuple);
    Res response;
    auto [rec, rn] = co_await http::async_read(stream, buffer, response, kUseTuple);
    if (wec || rec) {
      out.error = (wec ? wec : rec).message();
      co_return out;
    }
    if (step == 0) session_cookie = cookie = CookieOf(response);
    if (step == 2) cookie.clear();  // the deletion cookie
    out.responses.push_back(std::move(response));
  }
  co_return out;
}

net::awaitable<FlowResult> PlainFlow(net::any_io_executor ex, uint16_t port, std::string) {
  beast::tcp_stream stream(ex);
  stream.expires_after(5s);
  auto [ec] = co_await stream.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                                            kUseTuple);
  if (ec) co_return FlowResult{{}, ec.message()};
  co_return co_await Flow(stream);
}

net::awaitable<FlowResult> TlsFlow(net::any_io_executor ex, uint16_t port, std::string ca_file) {
  ssl::context context(ssl::context::tls_client);
  context.load_verify_file(ca_file);
  context.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ex, context);
  stream.set_verify_callback(ssl::host_name_verification("localhost"));
  SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
  auto& lowest = beast::get_lowest_layer(stream);
  lowest.expires_after(5s);
  auto [ec] = co_await lowest.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                                            kUseTuple);
  if (ec) co_return FlowResult{{}, ec.message()};
  auto [hec] = co_await stream.async_handshake(ssl::stream_base::client, kUseTuple);
  if (hec) co_return FlowResult{{}, "handshake: " + hec.message()};
  co_return co_await Flow(stream);
}

struct RawResult {
  std::string received;
  bool closed_by_server = false;
  std::chrono::milliseconds elapsed{0};
};

// Sends `bytes` as they are, then reads until the server closes (or 5 s pass).
net::awaitable<RawResult> Raw(net::any_io_executor ex, uint16_t port, std::string bytes) {
  RawResult out;
  beast::tcp_stream stream(ex);
  stream.expires_after(5s);
  auto [ec] = co_await stream.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                                            kUseTuple);
  if (ec) co_return out;
  auto start = std::chrono::steady_clock::now();
  // The server may close before everything is sent (e.g. after a 431): what it answered counts.
  beast::error_code ignored;
  co_await net::async_write(stream, net::buffer(bytes),
                            net::redirect_error(net::use_awaitable, ignored));
  for (;;) {
    char chunk[4096];
    auto [rec, n] = co_await stream.async_read_some(net::buffer(chunk), kUseTuple);
    out.received.append(chunk, n);
    if (rec) {
      out.closed_by_server = rec == net::error::eof || rec == net::error::connection_reset;
      break;
    }
  }
  out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  co_return out;
}

ReferenceOptions TestOptions(SessionMode mode = SessionMode::kId) {
  ReferenceOptions options;
  options.mode = mode;
  options.server.address = "127.0.0.1";
  options.server.port = 0;
  options.server.threads = 2;
  options.server.limits.header_timeout = 400ms;
  options.server.limits.body_timeout = 400ms;
  options.server.limits.idle_timeout = 600ms;
  options.pbkdf2_iterations = UserStoreOptions::kMinIterations;
  return options;
}

std::unique_ptr<ReferenceServer> StartOrDie(ReferenceOptions options) {
  auto server = ReferenceServer::Start(std::move(options));
  EXPECT_TRUE(server.has_value()) << server.error().message;
  return server ? std::move(*server) : nullptr;
}

void ExpectFlow(const FlowResult& flow, bool replay_accepted) {
  ASSERT_EQ(flow.error, "");
  ASSERT_EQ(flow.responses.size(), 5u);
  EXPECT_EQ(flow.responses[0].result_int(), 200);
  EXPECT_EQ(flow.responses[1].result_int(), 200);
  EXPECT_EQ(nlohmann::json::parse(flow.responses[1].body())["user"], "alice");
  EXPECT_EQ(flow.responses[2].result_int(), 200);
  EXPECT_EQ(flow.responses[3].result_int(), 401);
  EXPECT_EQ(flow.responses[4].result_int(), replay_accepted ? 200 : 401);
}

class ServerModes : public ::testing::TestWithParam<SessionMode> {};
INSTANTIATE_TEST_SUITE_P(Server, ServerModes,
                         ::testing::Values(SessionMode::kId, SessionMode::kSealed,
                                           SessionMode::kInsecureDemo),
                         [](const auto& param_info) {
                           switch (param_info.param) {
                             case SessionMode::kId:
                               return std::string("Id");
                             case SessionMode::kSealed:
                               return std::string("Sealed");
                             default:
                               return std::string("InsecureDemo");
                           }
                         });

TEST_P(ServerModes, LoginMeLogoutOverPlainHttp) {
  auto server = StartOrDie(TestOptions(GetParam()));
  ASSERT_NE(server, nullptr);
  EXPECT_NE(server->port(), 0);
  EXPECT_EQ(server->mode(), SessionModeName(GetParam()));
  FlowResult flow = RunClient(PlainFlow, server->port());
  ExpectFlow(flow, GetParam() == SessionMode::kInsecureDemo);
  if (GetParam() != SessionMode::kInsecureDemo && !flow.responses.empty()) {
    EXPECT_THAT(std::string(flow.responses[0][http::field::set_cookie]),
                StartsWith("__Host-session="));
  }
}

TEST_P(ServerModes, LoginMeLogoutOverTls) {
  testing::TestCertificate cert;
  ASSERT_TRUE(cert.ok());
  ReferenceOptions options = TestOptions(GetParam());
  options.server.tls = TlsFiles{cert.certificate_file(), cert.key_file()};
  auto server = StartOrDie(std::move(options));
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(server->tls());
  ExpectFlow(RunClient(TlsFlow, server->port(), cert.certificate_file()),
             GetParam() == SessionMode::kInsecureDemo);
}

// Several clients at once, spread over the server's two threads: each flow comes out as if it were
// alone (one client's logout ends only its own session). Under the tsan preset this is the test
// that has the store, the revocation list and the user store used from both threads at once.
TEST_P(ServerModes, ConcurrentClientsEachSeeTheirOwnFlow) {
  auto server = StartOrDie(TestOptions(GetParam()));
  ASSERT_NE(server, nullptr);
  constexpr size_t kClients = 8;
  std::vector<FlowResult> flows(kClients);
  std::vector<std::thread> clients;
  clients.reserve(kClients);
  for (size_t i = 0; i < kClients; ++i) {
    clients.emplace_back(
        [&flows, i, port = server->port()] { flows[i] = RunClient(PlainFlow, port); });
  }
  for (auto& client : clients) client.join();
  for (const FlowResult& flow : flows) ExpectFlow(flow, GetParam() == SessionMode::kInsecureDemo);
}

TEST(Server, PlainHttpClientOnTlsPortGetsNothingAndServerGoesOn) {
  testing::TestCertificate cert;
  ASSERT_TRUE(cert.ok());
  ReferenceOptions options = TestOptions();
  options.server.tls = TlsFiles{cert.certificate_file(), cert.key_file()};
  auto server = StartOrDie(std::move(options));
  ASSERT_NE(server, nullptr);
  RawResult raw = RunClient(Raw, server->port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_THAT(raw.received, ::testing::Not(HasSubstr("knox reference server")));
  EXPECT_TRUE(raw.closed_by_server);
  ExpectFlow(RunClient(TlsFlow, server->port(), cert.certificate_file()), false);
}

TEST(Server, HeadGetsTheHeadersOfGetWithoutTheBody) {
  auto server = StartOrDie(TestOptions());
  ASSERT_NE(server, nullptr);
  RawResult get =
      RunClient(Raw, server->port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  RawResult head =
      RunClient(Raw, server->port(), "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_THAT(head.received, StartsWith("HTTP/1.1 200"));
  const size_t get_headers_end = get.received.find("\r\n\r\n");
  ASSERT_NE(get_headers_end, std::string::npos);
  EXPECT_EQ(head.received, get.received.substr(0, get_headers_end + 4));  // no body bytes
  EXPECT_THAT(head.received, HasSubstr("Content-Length: " +
                                       std::to_string(get.received.size() - get_headers_end - 4)));
}

// Offloaded requests (knox: POST /login's PBKDF2) run on the worker pool: with one I/O thread and
// one worker held busy, another request is still answered, and an offloaded request beyond
// max_offloaded gets 503 + Retry-After at once instead of waiting in a queue.
TEST(Server, OffloadedWorkLeavesTheIoThreadFreeAndTheQueueIsBounded) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> entered{0};
  ServerConfig config{.address = "127.0.0.1", .port = 0, .threads = 1};
  config.offload = [](const Request& r) { return r.Path() == "/slow"; };
  config.workers = 1;
  config.max_offloaded = 1;
  auto server = HttpServer::Start(config, [&](const Request& r) {
    if (r.Path() == "/slow") {
      entered.fetch_add(1);
      released.wait();
    }
    return Response{.status = 200, .body = "done"};
  });
  ASSERT_TRUE(server.has_value()) << server.error().message;
  const uint16_t port = (*server)->port();
  const std::string slow = "GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  RawResult first;
  std::thread holder([&] { first = RunClient(Raw, port, slow); });
  for (int i = 0; i < 500 && entered.load() == 0; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(entered.load(), 1) << "the first /slow never reached the worker";

  RawResult fast =
      RunClient(Raw, port, "GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_THAT(fast.received, StartsWith("HTTP/1.1 200")) << "the I/O thread was blocked";
  RawResult busy = RunClient(Raw, port, slow);
  EXPECT_THAT(busy.received, StartsWith("HTTP/1.1 503"));
  EXPECT_THAT(busy.received, HasSubstr("Retry-After: 1"));
  EXPECT_THAT(busy.received, HasSubstr("server busy"));
  EXPECT_EQ(entered.load(), 1) << "the refused request must not have run";

  release.set_value();
  holder.join();
  EXPECT_THAT(first.received, StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(first.received, HasSubstr("done"));
  RawResult again = RunClient(Raw, port, slow);  // the pool is free again
  EXPECT_THAT(again.received, StartsWith("HTTP/1.1 200"));
}

// The server writes the framing fields itself: a Handler's Content-Length, Connection and
// Transfer-Encoding are dropped, 204 carries neither a Content-Length nor a body, and a field
// that would split the response (CR or LF in it), or holds another control character, turns the
// answer into a 500.
TEST(Server, ResponsesAreFramedByTheServerAndNeverSplit) {
  ServerConfig config{.address = "127.0.0.1", .port = 0, .threads = 1};
  auto server = HttpServer::Start(config, [](const Request& r) {
    Response out{.status = 200, .body = "hello"};
    if (r.Path() == "/framing") {
      out.Add("Content-Length", "999");
      out.Add("Transfer-Encoding", "chunked");
      out.Add("connection", "upgrade");
      out.Add("X-Kept", "yes");
    } else if (r.Path() == "/empty") {
      out.status = 204;
    } else if (r.Path() == "/split") {
      out.Add("X-Evil", "a\r\nSet-Cookie: planted=1");
    } else if (r.Path() == "/control") {
      out.Add("X-Bell",
              "a\x07"
              "b");
    } else if (r.Path() == "/tab") {
      out.Add("X-Tab", "a\tb");
    }
    return out;
  });
  ASSERT_TRUE(server.has_value()) << server.error().message;
  const uint16_t port = (*server)->port();
  auto get = [&](std::string_view path) {
    return RunClient(
               Raw, port,
               "GET " + std::string(path) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .received;
  };
  EXPECT_EQ(
      get("/framing"),
      "HTTP/1.1 200 OK\r\nX-Kept: yes\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello");
  EXPECT_EQ(get("/empty"), "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
  const std::string split = get("/split");
  EXPECT_THAT(split, StartsWith("HTTP/1.1 500"));
  EXPECT_THAT(split, ::testing::Not(HasSubstr("planted")));
  EXPECT_THAT(get("/control"), StartsWith("HTTP/1.1 500"));
  EXPECT_THAT(get("/tab"), HasSubstr("X-Tab: a\tb\r\n"));
}

// A response larger than the socket takes at once is finished asynchronously; a client that
// stops reading it is cut off after the write timeout.
TEST(Server, LargeResponsesAreWrittenWholeOrCutAfterTheWriteTimeout) {
  // More than the server's socket buffers (up to 4 MiB) plus the stalled client's small one.
  const std::string big(size_t{8} << 20, 'x');
  ServerConfig config{.address = "127.0.0.1", .port = 0, .threads = 1};
  config.limits.write_timeout = 1s;  // for the whole response, as before
  auto server = HttpServer::Start(
      config, [&](const Request&) { return Response{.status = 200, .body = big}; });
  ASSERT_TRUE(server.has_value()) << server.error().message;
  const uint16_t port = (*server)->port();
  const std::string request = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

  RawResult whole = RunClient(Raw, port, request);
  EXPECT_TRUE(whole.closed_by_server);
  ASSERT_GE(whole.received.size(), big.size());
  EXPECT_EQ(whole.received.substr(whole.received.size() - big.size()), big);

  net::io_context ioc;
  tcp::socket stalled(ioc);
  stalled.open(tcp::v4());
  stalled.set_option(net::socket_base::receive_buffer_size(4096));
  stalled.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  net::write(stalled, net::buffer(request));
  std::this_thread::sleep_for(1500ms);  // not reading: the server's write times out meanwhile
  size_t received = 0;
  boost::system::error_code ec;
  char chunk[65536];
  while (!ec) received += stalled.read_some(net::buffer(chunk), ec);
  EXPECT_LT(received, big.size()) << "the stalled client got everything";
}

TEST(Server, OversizedHeaderIs431) {
  auto server = StartOrDie(TestOptions());
  ASSERT_NE(server, nullptr);
  RawResult raw =
      RunClient(Raw, server->port(),
                "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20'000, 'a') + "\r\n\r\n");
  EXPECT_THAT(raw.received, StartsWith("HTTP/1.1 431"));
  EXPECT_TRUE(raw.closed_by_server);
}

TEST(Server, OversizedBodyIs413) {
  auto server = StartOrDie(TestOptions());
  ASSERT_NE(server, nullptr);
  const std::string body(70'000, 'a');
  RawResult declared =
      RunClient(Raw, server->port(),
                "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: "
                "application/x-www-form-urlencoded\r\nContent-Length: 70000\r\n\r\n" +
                    body);
  EXPECT_THAT(declared.received, StartsWith("HTTP/1.1 413"));
  std::string chunked = "POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 7; ++i) chunked += "2710\r\n" + std::string(10'000, 'b') + "\r\n";
  chunked += "0\r\n\r\n";
  RawResult streamed = RunClient(Raw, server->port(), chunked);
  EXPECT_THAT(streamed.received, StartsWith("HTTP/1.1 413"));
}

TEST(Server, GarbageIs400AndTheServerKeepsServing) {
  auto server = StartOrDie(TestOptions());
  ASSERT_NE(server, nullptr);
  for (std::string garbage :
       {std::string("\x16\x03\x01\x02\x00garbage\r\n\r\n", 17),
        std::string("GET / HTTP/9.9\r\n\r\n"), std::string("GET / HTTP/1.1\r\nBad Header\r\n\r\n"),
        std::string("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n")}) {
    RawResult raw = RunClient(Raw, server->port(), garbage);
    EXPECT_THAT(raw.received, StartsWith("HTTP/1.1 400")) << garbage;
  }
  RawResult next =
      RunClient(Raw, server->port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_THAT(next.received, StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(next.received, HasSubstr("knox reference server"));
}

TEST(Server, SlowHeaderIsClosedAfterTheHeaderTimeout) {
  auto server = StartOrDie(TestOptions());
  ASSERT_NE(server, nullptr);
  RawResult raw =
      RunClient(Raw, server->port(), "GET / HTTP/1.1\r\nHost: x\r\n");  // never finished
  EXPECT_TRUE(raw.closed_by_server);
  EXPECT_EQ(raw.received, "");
  EXPECT_GE(raw.elapsed, 350ms);
  EXPECT_LT(raw.elapsed, 3s);
}

TEST(Server, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  auto server = StartOrDie(TestOptions());
  ASSERT_NE(server, nullptr);
  RawResult raw =
      RunClient(Raw, server->port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");  // keep-alive
  EXPECT_THAT(raw.received, StartsWith("HTTP/1.1 200"));
  EXPECT_TRUE(raw.closed_by_server);
  EXPECT_GE(raw.elapsed, 550ms);
  EXPECT_LT(raw.elapsed, 3s);
}

TEST(Server, PipelinedRequestsAreAnsweredInOrder) {
  auto server = StartOrDie(TestOptions());
  ASSERT_NE(server, nullptr);
  RawResult raw =
      RunClient(Raw, server->port(),
                "GET /me HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  size_t a = raw.received.find("HTTP/1.1 401"), b = raw.received.find("HTTP/1.1 404"),
         c = raw.received.find("HTTP/1.1 200");
  ASSERT_NE(c, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(Server, StopClosesTheListenerEvenWithOpenConnections) {
  auto server = StartOrDie(TestOptions());
  ASSERT_NE(server, nullptr);
  uint16_t port = server->port();
  net::io_context ioc;
  tcp::socket idle(ioc);
  idle.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  auto start = std::chrono::steady_clock::now();
  server->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  tcp::socket late(ioc);
  boost::system::error_code ec;
  late.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  EXPECT_TRUE(ec);
}

TEST(Server, StartFailuresAreErrorsNotCrashes) {
  ReferenceOptions bad_address = TestOptions();
  bad_address.server.address = "not-an-ip";
  EXPECT_EQ(ReferenceServer::Start(bad_address).error().code, ErrorCode::kInvalidArgument);
  ReferenceOptions bad_tls = TestOptions();
  bad_tls.server.tls = TlsFiles{"/nonexistent/cert.pem", "/nonexistent/key.pem"};
  EXPECT_EQ(ReferenceServer::Start(bad_tls).error().code, ErrorCode::kInvalidArgument);
  auto first = StartOrDie(TestOptions());
  ASSERT_NE(first, nullptr);
  ReferenceOptions same_port = TestOptions();
  same_port.server.port = first->port();
  EXPECT_EQ(ReferenceServer::Start(same_port).error().code, ErrorCode::kUnavailable);
  ReferenceOptions redis_demo = TestOptions(SessionMode::kInsecureDemo);
  redis_demo.store = "redis://127.0.0.1:6379";  // refused before any connection is tried
  EXPECT_EQ(ReferenceServer::Start(redis_demo).error().code, ErrorCode::kInvalidArgument);
  ReferenceOptions keys_in_id_mode = TestOptions(SessionMode::kId);
  keys_in_id_mode.sealed_keys = {"k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"};
  EXPECT_EQ(ReferenceServer::Start(keys_in_id_mode).error().code, ErrorCode::kInvalidArgument);
}

// ParseRequest, the socket-free seam of fuzz/server_request_fuzzer.cc, reads and rejects as a
// connection does (the socket tests above see the same statuses on the wire).
TEST(ParseRequest, ReadsOneRequestAsAConnectionDoes) {
  const ServerLimits limits{.max_header_bytes = 256, .max_body_bytes = 8};
  const std::string first =
      "POST /login?x=1 HTTP/1.1\r\nHost: a\r\ncookie: a=b\r\nContent-Length: 3\r\n\r\nabc";
  ParsedRequest read = ParseRequest(first + "GET / HTTP/1.1\r\n\r\n", limits);
  ASSERT_TRUE(read.request.has_value());
  EXPECT_EQ(read.request->method, "POST");
  EXPECT_EQ(read.request->Path(), "/login");
  EXPECT_EQ(read.request->Find("Cookie"), "a=b");
  EXPECT_EQ(read.request->body, "abc");
  EXPECT_TRUE(read.keep_alive);
  EXPECT_EQ(read.consumed, first.size());  // the pipelined GET starts there

  const std::string chunked =
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "2\r\nab\r\n0\r\n\r\n";
  read = ParseRequest(chunked, limits);
  ASSERT_TRUE(read.request.has_value());
  EXPECT_EQ(read.request->body, "ab");
  EXPECT_FALSE(read.keep_alive);
}

TEST(ParseRequest, RejectsWithTheServersStatusOrWaitsForMore) {
  const ServerLimits limits{.max_header_bytes = 256, .max_body_bytes = 8};
  auto status = [&](std::string_view wire) {
    ParsedRequest read = ParseRequest(wire, limits);
    EXPECT_FALSE(read.request.has_value()) << wire;
    return read.reject_status;
  };
  EXPECT_EQ(status("GET / HTTP/1.1\r\nHost: a\r\n"), 0);  // incomplete: no answer yet
  EXPECT_EQ(status("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab"), 0);
  EXPECT_EQ(status("POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\n123456789"), 413);
  EXPECT_EQ(status("GET / HTTP/1.1\r\nX: " + std::string(300, 'a') + "\r\n\r\n"), 431);
  EXPECT_EQ(status("GET / HTTP/9.9\r\n\r\n"), 400);
  EXPECT_EQ(status("GET / HTTP/1.1\r\nBad Header\r\n\r\n"), 400);
}

}  // namespace
}  // namespace knox::server
