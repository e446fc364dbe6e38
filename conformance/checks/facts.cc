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
  }
  return "server-id";
}

}  // namespace knox::checks
