// Properties of the payload layer of the Python token formats (core/token/python_payload.h,
// py_json_fast.h, flask_tagged_json.h). The first byte selects the json.dumps style (compact,
// ensure_ascii, sort_keys), the text decoding and whether the url-safe payload is compressed; the
// rest is the payload.
//   - Differential: whenever the one-pass FastPyJsonDumps answers, the tree path (ParseJson +
//     PyJsonDumps) succeeds with the same bytes; LoadPyJson (fast path first) equals ParsePyJson +
//     VerifiedJsonText, success and failure alike, under every text decoding.
//   - json.dumps(json.loads(x)) is a fixed point: reserialising its own output changes nothing.
//   - AppendUrlSafePayload inverts through the strict DecodeUrlSafePayload; whatever the strict
//     decoder accepts, the lenient one decodes to the same bytes.
//   - Flask: checking the untag hook never crashes, and anything tagged for dumping untags cleanly.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/token/flask_tagged_json.h"
#include "core/token/json_style.h"
#include "core/token/py_json_fast.h"
#include "core/token/python_payload.h"

namespace {

namespace token = knox::token;

void CheckJsonText(std::string_view text, const token::PyJsonStyle& style,
                   token::PyTextDecoding decoding, const token::Limits& limits) {
  auto doc = token::ParseJson(text, limits);
  if (auto fast = token::FastPyJsonDumps(text, style, limits)) {
    if (!doc || token::PyJsonDumps(*doc, style) != *fast) std::abort();
  }
  auto once = token::ReserializeJson(text, style, limits);
  if (once.has_value() != doc.has_value()) std::abort();
  if (once) {
    auto twice = token::ReserializeJson(*once, style, limits);
    if (!twice || *twice != *once) std::abort();
  }

  auto loaded = token::LoadPyJson(text, decoding, limits);
  auto tree = token::ParsePyJson(text, decoding, limits);
  if (loaded.has_value() != tree.has_value()) std::abort();
  if (loaded && *loaded != token::VerifiedJsonText(*tree)) std::abort();

  if (doc) {
    (void)token::FlaskCheckUntag(*doc);
    auto tagged = token::FlaskTagForDump(*doc);
    if (!tagged || !token::FlaskCheckUntag(*tagged)) std::abort();
  }
}

void CheckUrlSafe(std::string_view text, bool compress, const token::Limits& limits) {
  std::string wire;
  token::AppendUrlSafePayload(text, compress, wire);
  auto back = token::DecodeUrlSafePayload(wire, /*strict=*/true, limits);
  if (!back || *back != text) std::abort();

  auto strict = token::DecodeUrlSafePayload(text, /*strict=*/true, limits);
  auto lenient = token::DecodeUrlSafePayload(text, /*strict=*/false, limits);
  if (strict && (!lenient || *lenient != *strict)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  token::PyJsonStyle style{
      .compact = (flags & 1) != 0, .ensure_ascii = (flags & 2) != 0, .sort_keys = (flags & 4) != 0};
  static constexpr token::PyTextDecoding kDecodings[] = {
      token::PyTextDecoding::kUtf8, token::PyTextDecoding::kLatin1,
      token::PyTextDecoding::kJsonBytes, token::PyTextDecoding::kUtf8};
  token::Limits limits{.max_decompressed_bytes = 256 * 1024, .max_json_depth = 32};
  CheckJsonText(text, style, kDecodings[(flags >> 3) & 3], limits);
  CheckUrlSafe(text, (flags & 32) != 0, limits);
  return 0;
}
