// Principal: who a session belongs to (user name and roles), and its JSON form
// {"user":"alice","roles":["user"]}, which is both the body of GET /me and what a session stores.
// PrincipalToJson writes exactly what nlohmann's dump (ensure_ascii off, invalid UTF-8 replaced
// by U+FFFD) writes; ASCII strings, the common case, take a small hand-written writer because the
// body of every GET /me is built here. Parsing is strict (exactly a string "user" and an array of
// strings "roles", bounded sizes) and fails with kMalformed; it reads untrusted bytes in
// --insecure-demo mode. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace knox::server {

struct Principal {
  std::string user;
  std::vector<std::string> roles;
  friend bool operator==(const Principal&, const Principal&) = default;
};

std::string PrincipalToJson(const Principal& p);
Result<Principal> PrincipalFromJson(std::string_view json);

}  // namespace knox::server
