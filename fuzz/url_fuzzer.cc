// Properties of the strict URL parser (core/cookie/url.h) the cookie jar and the auditor resolve
// every request with: an accepted URL serialises to a canonical form that parses back to the
// same URL and serialises to the same text (idempotent canonicalisation), and the canonical form
// holds no byte the parser promises to refuse (spaces, controls, '#').
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/cookie/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto url = knox::cookie::ParseUrl(in);
  if (!url) return 0;
  const std::string text = url->Serialize();
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '#') std::abort();
  }
  auto again = knox::cookie::ParseUrl(text);
  if (!again || *again != *url || again->Serialize() != text) std::abort();
  if (url->path.empty() || url->path.front() != '/') std::abort();
  return 0;
}
