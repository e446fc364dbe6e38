#include "conformance/checks/facts.h"

namespace knox::checks {

std::string_view SessionKindName(SessionKind kind) {
  switch (kind) {
    case SessionKind::kServerId:
      return "server-id";
    case SessionKind::kSigned:
      return "signed";
    case SessionKind::kEncrypted:
      return "encrypted";
    case SessionKind::kUnsigned:
      return "unsigned";
    case SessionKind::kJwt:
      return "jwt";
  }
  return "server-id";
}

}  // namespace knox::checks
