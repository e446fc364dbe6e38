#include "core/server/request_parser.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <string>
#include <utility>

namespace knox::server {
namespace internal {

namespace http = boost::beast::http;

RequestParser::RequestParser(Request& out, const ServerLimits& limits) : out_(out) {
  header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  body_limit(limits.max_body_bytes);
  eager(true);  // the body is parsed as it arrives, in the same put() as the header
}

void RequestParser::on_request_impl(http::verb method, string_view method_str, string_view target,
                                    int version, error_code&) {
  out_.method.assign(method_str.data(), method_str.size());
  out_.target.assign(target.data(), target.size());
  out_.body.clear();
  used_headers_ = 0;
  version_ = version;
  head_ = method == http::verb::head;
}

void RequestParser::on_response_impl(int, string_view, int, error_code&) {}

void RequestParser::on_field_impl(http::field, string_view name, string_view value, error_code&) {
  if (used_headers_ < out_.headers.size()) {
    out_.headers[used_headers_].first.assign(name.data(), name.size());
    out_.headers[used_headers_].second.assign(value.data(), value.size());
  } else {
    out_.headers.emplace_back(std::string(name), std::string(value));
  }
  ++used_headers_;
}

void RequestParser::on_header_impl(error_code&) { out_.headers.resize(used_headers_); }

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                      error_code&) {
  // basic_parser has already refused a Content-Length over the body limit.
  if (content_length) out_.body.reserve(static_cast<size_t>(*content_length));
}

size_t RequestParser::on_body_impl(string_view body, error_code&) {
  out_.body.append(body.data(), body.size());
  return body.size();
}

void RequestParser::on_chunk_header_impl(std::uint64_t, string_view, error_code&) {}

size_t RequestParser::on_chunk_body_impl(std::uint64_t, string_view body, error_code&) {
  out_.body.append(body.data(), body.size());
  return body.size();
}

void RequestParser::on_finish_impl(error_code&) {}

std::optional<int> StatusForReadError(const boost::beast::error_code& ec) {
  if (ec == http::error::header_limit) return 431;
  if (ec == http::error::body_limit) return 413;
  if (ec.category() != boost::beast::error_code(http::error::bad_method).category()) {
    return std::nullopt;
  }
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return std::nullopt;
  return 400;
}

}  // namespace internal

ParsedRequest ParseRequest(std::string_view wire, const ServerLimits& limits) {
  Request request;
  internal::RequestParser parser(request, limits);
  ParsedRequest out;
  while (!parser.is_done()) {
    boost::beast::error_code ec;
    const std::string_view rest = wire.substr(out.consumed);
    const size_t n = parser.put(boost::asio::const_buffer(rest.data(), rest.size()), ec);
    out.consumed += n;
    if (ec == boost::beast::http::error::need_more || (!ec && n == 0))
      return out;  // incomplete: no answer
    if (ec) {
      out.reject_status = internal::StatusForReadError(ec).value_or(0);
      return out;
    }
  }
  out.keep_alive = parser.keep_alive();
  out.request = std::move(request);
  return out;
}

}  // namespace knox::server
