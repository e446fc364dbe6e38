// Properties: format detection and every codec's keyless Decode terminate on any bytes, and a
// payload reported as JSON is valid JSON.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/token/json_style.h"
#include "core/token/registry.h"

namespace {

void CheckDecoded(const knox::Result<knox::token::Decoded>& d) {
  if (d && d->is_json && !knox::token::ParseJson(d->payload)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  knox::token::Limits limits;
  CheckDecoded(knox::token::DetectAndDecode(in, limits));
  for (const auto* codec : knox::token::AllCodecs()) CheckDecoded(codec->Decode(in, limits));
  return 0;
}
