// Properties of the claims JSON inside a knox-sealed session cookie (core/session/sealed_claims.h):
// DecodeClaims never throws or crashes on any text, and whatever it accepts encodes back into
// canonical JSON that decodes to the same claims (EncodeClaims(DecodeClaims(x)) is a fixed point).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/session/sealed_claims.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto claims = knox::session::DecodeClaims(in);
  if (!claims) return 0;
  if (claims->token_id.size() != knox::session::kTokenIdBytes) std::abort();
  std::string wire = knox::session::EncodeClaims(*claims);
  auto again = knox::session::DecodeClaims(wire);
  if (!again || *again != *claims) std::abort();
  if (knox::session::EncodeClaims(*again) != wire) std::abort();
  return 0;
}
