// Beast's response parser behind knox's Result-returning interface (see response_parser.h).
// Boost error codes are converted here and go no further.
#include "conformance/net/response_parser.h"

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace knox::net {
namespace {

namespace http = boost::beast::http;

Error ToError(const boost::system::error_code& ec) {
  if (ec == http::error::header_limit) {
    return Error{ErrorCode::kLimitExceeded, "response header exceeds the header size limit"};
  }
  if (ec == http::error::body_limit || ec == http::error::buffer_overflow) {
    return Error{ErrorCode::kLimitExceeded, "response body exceeds the body size limit"};
  }
  if (ec == http::error::partial_message) {
    return Error{ErrorCode::kMalformed, "response truncated: the connection ended mid-message"};
  }
  return Error{ErrorCode::kMalformed, "malformed HTTP response: " + ec.message()};
}

std::string ToString(boost::core::string_view s) { return std::string(s.data(), s.size()); }

// Beast's own message type groups repeated fields by name; the auditor's evidence needs the
// fields exactly in wire order, so this parser collects them itself. Beast's basic_parser does
// the framing and enforces the header and body limits.
class WireOrderParser : public http::basic_parser<false> {
 public:
  Response& response() { return response_; }
  const Response& response() const { return response_; }

 private:
  void on_request_impl(http::verb, boost::core::string_view, boost::core::string_view, int,
                       boost::system::error_code&) override {}
  void on_response_impl(int code, boost::core::string_view reason, int,
                        boost::system::error_code& ec) override {
    // Three digits, but RFC 9110 §15 puts every valid code at 100 or above.
    if (code < 100) {
      ec = http::error::bad_status;
      return;
    }
    response_.status = code;
    response_.reason = ToString(reason);
  }
  void on_field_impl(http::field, boost::core::string_view name, boost::core::string_view value,
                     boost::system::error_code&) override {
    response_.headers.emplace_back(ToString(name), ToString(value));
  }
  void on_header_impl(boost::system::error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length,
                         boost::system::error_code&) override {
    // The basic_parser has already checked a declared length against the body limit.
    if (length) response_.body.reserve(static_cast<size_t>(*length));
  }
  size_t on_body_impl(boost::core::string_view body, boost::system::error_code&) override {
    response_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, boost::core::string_view,
                            boost::system::error_code&) override {}
  size_t on_chunk_body_impl(std::uint64_t, boost::core::string_view body,
                            boost::system::error_code&) override {
    response_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_finish_impl(boost::system::error_code&) override {}

  Response response_;
};

}  // namespace

struct ResponseParser::Impl {
  WireOrderParser parser;
};

ResponseParser::ResponseParser(const ResponseLimits& limits, bool head_request)
    : impl_(std::make_unique<Impl>()) {
  auto& p = impl_->parser;
  p.header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(limits.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  p.body_limit(static_cast<std::uint64_t>(limits.max_body_bytes));
  p.eager(true);
  p.skip(head_request);
}

ResponseParser::~ResponseParser() = default;

Result<size_t> ResponseParser::Feed(std::string_view data) {
  size_t consumed = 0;
  auto& p = impl_->parser;
  while (!p.is_done() && consumed < data.size()) {
    boost::system::error_code ec;
    size_t used =
        p.put(boost::asio::const_buffer(data.data() + consumed, data.size() - consumed), ec);
    consumed += used;
    if (ec == http::error::need_more) break;
    if (ec) return std::unexpected(ToError(ec));
    if (used == 0) break;
  }
  return consumed;
}

Result<void> ResponseParser::FeedEof() {
  if (impl_->parser.is_done()) return {};
  if (!impl_->parser.got_some()) {
    return Fail(ErrorCode::kMalformed, "empty response: the connection ended before any byte");
  }
  boost::system::error_code ec;
  impl_->parser.put_eof(ec);
  if (ec) return std::unexpected(ToError(ec));
  return {};
}

bool ResponseParser::done() const { return impl_->parser.is_done(); }

int ResponseParser::status() const { return impl_->parser.response().status; }

bool ResponseParser::keep_alive() const { return impl_->parser.keep_alive(); }

Response ResponseParser::Take() { return std::move(impl_->parser.response()); }

Result<Response> ParseResponse(std::string_view raw, const ResponseLimits& limits) {
  ResponseParser parser(limits);
  auto used = parser.Feed(raw);
  if (!used) return std::unexpected(used.error());
  if (!parser.done()) {
    auto eof = parser.FeedEof();
    if (!eof) return std::unexpected(eof.error());
  }
  if (!parser.done()) {
    return Fail(ErrorCode::kMalformed, "response truncated: the connection ended mid-message");
  }
  return parser.Take();
}

}  // namespace knox::net
