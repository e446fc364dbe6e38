// The `--listen HOST:PORT` value of `knox serve`: an IPv4 literal, a bracketed IPv6 literal
// ("[::1]:8080") or "localhost" (= 127.0.0.1), and a port 0..65535 (0 = ephemeral). Host names
// are not resolved, so what is checked is what gets bound. IsLoopback tells whether only this
// machine can connect (127.0.0.0/8, ::1), which `knox serve` requires unless --public.
// Errors: kInvalidArgument naming the problem. Pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace knox::server {

struct ListenAddress {
  std::string host;  // IP literal without brackets
  uint16_t port = 0;
  bool loopback = false;
  // "127.0.0.1:8080" or "[::1]:8080"
  std::string ToString() const;
};

Result<ListenAddress> ParseListenAddress(std::string_view text);

}  // namespace knox::server
