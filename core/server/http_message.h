// knox's own small HTTP request and response values: what the reference server's routes see and
// return. They carry no Beast or Asio types, so the routes are a pure function that tests call
// without sockets (DESIGN §4 "server", STYLE.md "request handling is a pure function").
//
// Header names compare case-insensitively (RFC 9110 §5.1). A Response may hold the same header
// several times (one Set-Cookie per cookie, RFC 6265bis §3). Plain values: no thread-safety
// concerns beyond those of std::string.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace knox::server {

using Header = std::pair<std::string, std::string>;

struct Request {
  std::string method;                // as sent, e.g. "GET" (methods are case-sensitive)
  std::string target;                // origin-form, e.g. "/me?x=1"
  std::vector<Header> headers = {};  // in the order received
  std::string body = {};

  // The first value of header `name`, if present.
  std::optional<std::string_view> Find(std::string_view name) const;
  // `target` without the query string.
  std::string_view Path() const;
};

struct Response {
  int status = 200;
  std::vector<Header> headers = {};  // Content-Length is added by the server
  std::string body = {};

  void Add(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  // Every value of header `name`, in order (e.g. all Set-Cookie values).
  std::vector<std::string_view> FindAll(std::string_view name) const;
  std::optional<std::string_view> Find(std::string_view name) const;
};

}  // namespace knox::server
