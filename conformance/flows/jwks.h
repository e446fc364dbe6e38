// The audit's reader of the public keys a server publishes (docs/audit.md "JWT probes"): a JSON Web
// Key Set (RFC 7517 §5), PEM text, or an OpenID configuration that points to the key set through
// its jwks_uri (OpenID Connect Discovery 1.0 §3). The body is untrusted input: whatever it holds,
// the reader returns only keys core/token/public_keys.h loads, re-written as PEM. Pure functions,
// thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace knox::flows {

// Where servers publish their JSON Web Key Set, tried in this order when the profile names none
// ([bearer] jwks); an OpenID configuration is followed to its jwks_uri on the same host.
inline constexpr std::string_view kJwksPaths[] = {"/.well-known/jwks.json", "/jwks.json",
                                                  "/.well-known/openid-configuration"};

// The public keys in a JWK Set (or PEM) body, each as the PEM text a server would keep in its key
// file; empty when the body holds none. `jwks_uri` receives an OpenID configuration's jwks_uri.
std::vector<std::string> PublicKeyPems(std::string_view body, std::optional<std::string>* jwks_uri);

}  // namespace knox::flows
