// Properties: every decoder terminates without crashing on any bytes; whatever the strict decoder
// accepts re-encodes to exactly the input (canonical), and the lenient decoders (Python's, Node's)
// agree with it on canonical input; the buffer variants agree with the allocating ones; encode ->
// strict decode is the identity; PHP's strict decoder agrees with its lenient one where it
// accepts, and both with the strict decoder on canonical padded input.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/base/base64.h"

using knox::Base64Alphabet;
using knox::Base64Padding;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  for (auto alphabet : {Base64Alphabet::kStandard, Base64Alphabet::kUrl}) {
    for (auto padding : {Base64Padding::kPadded, Base64Padding::kUnpadded}) {
      auto decoded = knox::Base64DecodeStrict(in, alphabet, padding);
      if (decoded && knox::Base64Encode(*decoded, alphabet, padding) != in) std::abort();
      if (decoded && alphabet == Base64Alphabet::kUrl) {
        auto lenient = knox::Base64DecodeUrlPadFixed(in, true);
        if (!lenient || *lenient != *decoded) std::abort();
      }
      if (decoded && knox::Base64DecodeNode(in) != *decoded) std::abort();
      unsigned char buf[48];
      auto into = knox::Base64DecodeStrictTo(in, alphabet, padding, buf);
      if (into.has_value() != (decoded && decoded->size() <= sizeof(buf))) std::abort();
      if (into && std::string_view(reinterpret_cast<const char*>(buf), *into) != *decoded) {
        std::abort();
      }
      std::string encoded = knox::Base64Encode(in, alphabet, padding);
      if (in.size() <= sizeof(buf)) {
        char text[64];
        size_t n = knox::Base64EncodeTo(in, alphabet, padding, text);
        if (std::string_view(text, n) != encoded) std::abort();
      }
      auto back = knox::Base64DecodeStrict(encoded, alphabet, padding);
      if (!back || *back != in) std::abort();
    }
  }
  (void)knox::Base64DecodePython(in, true);
  (void)knox::Base64DecodePython(in, false);
  // PHP: what base64_decode($s, true) accepts, base64_decode($s) reads the same; on canonical
  // padded standard base64 both agree with the strict decoder.
  const std::string php = knox::Base64DecodePhp(in);
  auto php_strict = knox::Base64DecodePhpStrict(in);
  if (php_strict && *php_strict != php) std::abort();
  if (auto canonical =
          knox::Base64DecodeStrict(in, Base64Alphabet::kStandard, Base64Padding::kPadded);
      canonical && (!php_strict || *php_strict != *canonical)) {
    std::abort();
  }
  return 0;
}
