// HTTP/1.x response parsing for the auditor (RFC 9112 §4-§7), with Boost.Beast's
// http::basic_parser underneath and the same header/body limits the client uses.
//
// ResponseParser is incremental: the client feeds it bytes as they arrive from the socket.
// ParseResponse is the pure, one-shot form over a complete response held in memory (for the
// fuzzer and robustness tests). Both fail with kLimitExceeded when the header block exceeds
// `max_header_bytes` or the body (declared or received, chunked included) exceeds
// `max_body_bytes`, and with kMalformed for anything that is not a valid HTTP/1.x response
// (bad status line, bad field syntax, conflicting Content-Length, bad chunk framing, truncation).
// Only the first message is parsed (an interim 1xx included; the client skips those); bytes after
// it are ignored. Status codes below 100 are malformed (RFC 9110 §15). Fields are returned in
// wire order with names as sent (Beast's own message type would group repeated names). Beast
// types stay in the .cc.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "conformance/net/http_client.h"
#include "core/base/result.h"

namespace knox::net {

struct ResponseLimits {
  size_t max_header_bytes = size_t{64} * 1024;      // status line + fields + the blank line
  size_t max_body_bytes = size_t{8} * 1024 * 1024;  // decoded body (after de-chunking)
};

// One response message, fed in pieces. Not thread-safe; not reusable after done().
class ResponseParser {
 public:
  // `head_request`: the response answers a HEAD request and so has no body (RFC 9110 §9.3.2)
  // whatever its Content-Length says. 1xx, 204 and 304 responses never have a body.
  explicit ResponseParser(const ResponseLimits& limits, bool head_request = false);
  ~ResponseParser();
  ResponseParser(const ResponseParser&) = delete;
  ResponseParser& operator=(const ResponseParser&) = delete;

  // Parses as much of `data` as it can and returns how many bytes it consumed. Bytes not
  // consumed (an incomplete header or chunk header) must be fed again, with more appended.
  Result<size_t> Feed(std::string_view data);
  // The peer closed the connection: completes a body delimited by end of stream, or fails
  // with kMalformed ("truncated") when the message is incomplete.
  Result<void> FeedEof();

  bool done() const;
  // The status code; valid once the header has been parsed (always after done()).
  int status() const;
  // The connection may carry another exchange after this response (HTTP/1.1 without
  // "Connection: close", HTTP/1.0 with keep-alive, and a body not delimited by EOF).
  bool keep_alive() const;
  // The parsed message; call once, after done().
  Response Take();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses one complete response (header and body, chunked included) from `raw`. A message whose
// body runs to the end of the stream ends at the end of `raw`.
Result<Response> ParseResponse(std::string_view raw, const ResponseLimits& limits = {});

}  // namespace knox::net
