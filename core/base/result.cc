#include "core/base/result.h"

namespace knox {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid-argument";
    case ErrorCode::kMalformed:
      return "malformed";
    case ErrorCode::kBadSignature:
      return "bad-signature";
    case ErrorCode::kExpired:
      return "expired";
    case ErrorCode::kLimitExceeded:
      return "limit-exceeded";
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kTimeout:
      return "timeout";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace knox
