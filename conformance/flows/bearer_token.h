// The bearer token a login answer hands the client (docs/audit.md "Bearer tokens"): APIs answer a
// login with a JSON body such as {"access_token": "...", "token_type": "bearer"} (OAuth 2.0,
// RFC 6749 §5.1) and expect the token back in a request header. Pure functions over the body.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace knox::flows {

struct FoundBearer {
  std::string token;
  std::string source;  // the JSON pointer it was read at, e.g. "/access_token"
};

// Member names a token is looked for under when no pointer is given, in this order.
inline constexpr std::string_view kBearerMembers[] = {
    "access_token", "accessToken", "token", "jwt", "id_token", "auth_token", "authToken"};

// The token at `pointer` (RFC 6901; one not starting with '/' points nowhere) when it is not
// empty, else under the first of kBearerMembers
// found breadth-first in nested objects (at most 3 levels down; arrays are not searched). nullopt
// unless `body` is a JSON object and the value a string of 8 to 8192 visible ASCII characters
// (it goes into a request header as it is).
std::optional<FoundBearer> FindBearerToken(std::string_view body, std::string_view pointer = {});

}  // namespace knox::flows
