#include "core/server/listen_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace knox::server {
namespace {

Result<uint16_t> ParsePort(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > 65535) {
    return Fail(ErrorCode::kInvalidArgument, "port must be a number 0..65535");
  }
  return static_cast<uint16_t>(value);
}

}  // namespace

std::string ListenAddress::ToString() const {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return Fail(ErrorCode::kInvalidArgument, "expected HOST:PORT");
  std::string host(text.substr(0, colon));
  auto port = ParsePort(text.substr(colon + 1));
  if (!port) return std::unexpected(port.error());
  if (host == "localhost") host = "127.0.0.1";
  ListenAddress out{.port = *port};
  in_addr v4;
  in6_addr v6;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    out.host = host.substr(1, host.size() - 2);
    if (inet_pton(AF_INET6, out.host.c_str(), &v6) != 1) {
      return Fail(ErrorCode::kInvalidArgument, "not an IPv6 address");
    }
    out.loopback = IN6_IS_ADDR_LOOPBACK(&v6);
    return out;
  }
  if (inet_pton(AF_INET, host.c_str(), &v4) != 1) {
    return Fail(ErrorCode::kInvalidArgument, "host must be an IP address, [IPv6] or localhost");
  }
  out.host = std::move(host);
  out.loopback = (ntohl(v4.s_addr) >> 24) == 127;
  return out;
}

}  // namespace knox::server
