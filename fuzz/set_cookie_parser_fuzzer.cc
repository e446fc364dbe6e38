// Properties of the §5.6 parser and the §4.1 serialiser: parsing never crashes and respects the
// 4096-byte name+value limit; whatever has a wire form re-parses to the same cookie (problems
// aside), and that wire form is canonical (serialising again gives the same bytes).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/cookie/set_cookie.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto first = knox::cookie::ParseSetCookie(in);
  if (!first) return 0;
  if (first->name.size() + first->value.size() > 4096) std::abort();
  auto wire = knox::cookie::SerializeSetCookie(*first);
  if (!wire) return 0;
  auto second = knox::cookie::ParseSetCookie(*wire);
  if (!second) std::abort();
  auto again = knox::cookie::SerializeSetCookie(*second);
  if (!again || *again != *wire) std::abort();
  first->problems.clear();
  second->problems.clear();
  if (*second != *first) std::abort();
  return 0;
}
