// Properties: format detection and every codec's keyless Decode terminate on any bytes, and a
// payload reported as JSON is valid JSON — or Python's JSON, whose only extension is the constants
// NaN, Infinity and -Infinity that json.loads reads and json.dumps writes (docs/formats.md
// "Python's JSON constants": knox's Python formats report such payloads as Python prints them).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/token/json_style.h"
#include "core/token/python_payload.h"
#include "core/token/registry.h"

namespace {

bool PythonJsonWithConstants(const std::string& payload) {
  const bool has_constant =
      payload.find("NaN") != std::string::npos || payload.find("Infinity") != std::string::npos;
  return has_constant &&
         knox::token::ParsePyJson(payload, knox::token::PyTextDecoding::kUtf8, {}).has_value();
}

void CheckDecoded(const knox::Result<knox::token::Decoded>& d) {
  if (d && d->is_json && !knox::token::ParseJson(d->payload) &&
      !PythonJsonWithConstants(d->payload)) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  knox::token::Limits limits;
  CheckDecoded(knox::token::DetectAndDecode(in, limits));
  for (const auto* codec : knox::token::AllCodecs()) CheckDecoded(codec->Decode(in, limits));
  return 0;
}
