#include "conformance/checks/facts.h"

namespace knox::checks {

std::string_view SessionKindName(SessionKind kind) {
  switch (kind) {
    case SessionKind::kServerId:
      return "server-id";
    case SessionKind::kSignedPayload:
      return "signed-payload";
    case SessionKind::kEncryptedPayload:
      return "encrypted-payload";
    case SessionKind::kUnsignedPayload:
      return "unsigned-payload";
    case SessionKind::kJwt:
      return "jwt";
    case SessionKind::kBearerJwt:
      return "bearer-jwt";
    case SessionKind::kBearerOpaque:
      return "bearer-opaque";
  }
  return "server-id";
}

bool IsJwtKind(SessionKind kind) {
  return kind == SessionKind::kJwt || kind == SessionKind::kBearerJwt;
}

}  // namespace knox::checks
