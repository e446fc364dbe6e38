// Properties, for every registered format:
//  1. Verify never accepts bytes that were not signed with the (random, per-process) key.
//  2. Whatever Sign produces for the input, Verify accepts, and for raw-value formats returns the
//     input unchanged — except a flask value that is not a session Flask can open, and a
//     cookie-session string with characters beyond the BMP (both malformed, as documented).
// Input layout: byte 0 picks the format; the rest up to the first '\n' is the token / value, what
// follows is the companion signature (cookie-session).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz/token_common.h"

namespace {

// cookie-session's Sign writes any JSON, but cookie-session opens a string session as the object
// of its UTF-16 code units; a character beyond the BMP (a 4-byte UTF-8 sequence) would be two lone
// surrogates, which knox refuses as malformed rather than invent (docs/formats.md).
bool AstralStringSession(std::string_view value) {
  if (value.empty() || value.front() != '"') return false;
  for (char c : value) {
    if ((static_cast<unsigned char>(c) & 0xf8) == 0xf0) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto signers = knox::fuzz::MakeSigners();
  if (size < 1 || signers.empty()) return 0;
  const auto& fut = signers[data[0] % signers.size()];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string_view companion;
  if (size_t nl = rest.find('\n'); nl != std::string_view::npos) {
    companion = rest.substr(nl + 1);
    rest = rest.substr(0, nl);
  }
  if (fut.signer->Verify(rest, companion)) std::abort();  // forged without the key

  auto signed_token = fut.signer->Sign(rest);
  if (!signed_token) return 0;
  auto verified = fut.signer->Verify(signed_token->token, signed_token->signature);
  if (!verified) {
    // Flask's serializer signs any JSON, but Flask opens only a dict-like session from it
    // (SecureCookieSession(data)): anything else verifies as kMalformed, as in Flask.
    if (fut.codec->name() == "flask" && verified.error().code == knox::ErrorCode::kMalformed) {
      return 0;
    }
    if (fut.codec->name() == "cookie-session" &&
        verified.error().code == knox::ErrorCode::kMalformed && AstralStringSession(rest)) {
      return 0;
    }
    std::abort();
  }
  if (!verified->is_json && verified->value != rest) std::abort();
  return 0;
}
