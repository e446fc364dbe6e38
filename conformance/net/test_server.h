// TestServer: a scripted HTTP/1.1 (or HTTPS) server on 127.0.0.1 for tests of the client and
// the audit flows. It listens on a free loopback port chosen by the kernel, serves on its own
// thread, and stops in its destructor. Each request (head + Content-Length body) is handed to
// the handler, which returns the exact bytes to send back, so tests can script malformed,
// oversized, chunked or hanging responses. For tests only: no limits, no HTTP validation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"

namespace knox::net::testkit {

struct ReceivedRequest {
  std::string head;       // request line and header fields, up to and including CRLF CRLF
  std::string body;       // Content-Length bytes (no chunked request support)
  size_t connection = 0;  // 1-based index of the accepted connection that carried it
  std::string sni;        // TLS server name the client sent ("" for none or plain HTTP)
};

struct ServerReply {
  std::string bytes;         // sent verbatim
  bool close_after = false;  // close the connection after sending (whatever the headers say)
  bool hang = false;         // send nothing and keep the connection open until the server stops
};

using ServerHandler = std::function<ServerReply(const ReceivedRequest&)>;

struct TlsFiles {
  std::string cert_chain_file;   // PEM
  std::string private_key_file;  // PEM
};

class TestServer {
 public:
  // Binds 127.0.0.1:0 and starts serving. kUnavailable when the socket or TLS setup fails.
  static Result<std::unique_ptr<TestServer>> Start(ServerHandler handler,
                                                   std::optional<TlsFiles> tls = std::nullopt);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  uint16_t port() const;
  // "http://127.0.0.1:PORT" or "https://..." + path.
  std::string Url(const std::string& path) const;
  size_t connections() const;                     // connections accepted so far
  std::vector<ReceivedRequest> requests() const;  // requests received so far, in order

 private:
  struct Impl;
  explicit TestServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A literal HTTP/1.1 response with Content-Length; `extra` is raw header lines, each ending in
// CRLF (e.g. "Set-Cookie: a=1\r\n").
std::string HttpResponse(int status, const std::string& reason, const std::string& body,
                         const std::string& extra = "");

}  // namespace knox::net::testkit
