// Internal to core/server (included only by http_server.cc and request_parser.cc, the server's
// Beast translation units): how the server reads a request from the bytes a client sent — Beast's
// basic_parser with the server's limits, filling knox's own Request — and what it answers to bytes
// that are not a request. The bytes are untrusted input: ParseRequest (http_server.h), the
// socket-free seam over the same parser, is what fuzz/server_request_fuzzer.cc drives.
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/server/http_message.h"
#include "core/server/http_server.h"

namespace knox::server::internal {

// A request parser that fills a caller-owned knox::Request. The connection keeps one Request and
// parses every request into it, so the strings and the header vector keep their capacity and a
// steady stream of similar requests allocates nothing. One parser per request (Beast's parsers
// cannot be reused); constructing one allocates nothing. Limits: the request line and header
// over limits.max_header_bytes fail with header_limit, a body over limits.max_body_bytes with
// body_limit (before it is read, when Content-Length says so).
class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  RequestParser(Request& out, const ServerLimits& limits);

  int version() const { return version_; }
  bool head() const { return head_; }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb method, string_view method_str, string_view target,
                       int version, error_code&) override;
  void on_response_impl(int, string_view, int, error_code&) override;
  void on_field_impl(boost::beast::http::field, string_view name, string_view value,
                     error_code&) override;
  void on_header_impl(error_code&) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         error_code&) override;
  size_t on_body_impl(string_view body, error_code&) override;
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override;
  size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override;
  void on_finish_impl(error_code&) override;

  Request& out_;
  size_t used_headers_ = 0;
  int version_ = 11;
  bool head_ = false;
};

// The status for a request that failed to parse (431 header too large, 413 body too large, 400
// anything else that is not HTTP/1.x), or nullopt when there is nobody to answer (the client went
// away, a timeout, a cancelled operation).
std::optional<int> StatusForReadError(const boost::beast::error_code& ec);

}  // namespace knox::server::internal
