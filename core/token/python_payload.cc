#include "core/token/python_payload.h"

#include "core/base/base64.h"
#include "core/base/zlib.h"
#include "core/token/py_json_fast.h"
#include "core/token/zlib_shrink_rule.h"

namespace knox::token {
namespace {

constexpr PyJsonStyle kCompactUnicode{.compact = true, .ensure_ascii = false, .sort_keys = false};

std::string Latin1ToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out.push_back(c);
    } else {
      out.push_back(static_cast<char>(0xc0 | (b >> 6)));
      out.push_back(static_cast<char>(0x80 | (b & 0x3f)));
    }
  }
  return out;
}

}  // namespace

Result<std::string> ReserializeJson(std::string_view json_text, const PyJsonStyle& style,
                                    const Limits& limits) {
  if (auto fast = FastPyJsonDumps(json_text, style, limits)) return std::move(*fast);
  auto doc = ParseJson(json_text, limits);
  if (!doc) return std::unexpected(doc.error());
  return PyJsonDumps(*doc, style);
}

Result<Json> ParsePyJson(std::string_view payload, PyTextDecoding decoding, const Limits& limits) {
  switch (decoding) {
    case PyTextDecoding::kUtf8:
      return ParseJson(payload, limits);
    case PyTextDecoding::kLatin1:
      return ParseJson(Latin1ToUtf8(payload), limits);
    case PyTextDecoding::kJsonBytes:
      if (payload.starts_with("\xef\xbb\xbf")) payload.remove_prefix(3);  // utf-8-sig
      return ParseJson(payload, limits);
  }
  return Fail(ErrorCode::kInternal, "unknown text decoding");
}

std::string VerifiedJsonText(const Json& doc) { return PyJsonDumps(doc, kCompactUnicode); }

Result<std::string> LoadPyJson(std::string_view payload, PyTextDecoding decoding,
                               const Limits& limits) {
  // Printable-ASCII documents read the same under every text decoding.
  std::string_view text = payload;
  if (decoding == PyTextDecoding::kJsonBytes && text.starts_with("\xef\xbb\xbf")) {
    text.remove_prefix(3);
  }
  if (auto fast = FastPyJsonDumps(text, kCompactUnicode, limits)) return std::move(*fast);
  auto doc = ParsePyJson(payload, decoding, limits);
  if (!doc) return std::unexpected(doc.error());
  return VerifiedJsonText(*doc);
}

void AppendUrlSafePayload(std::string_view data, bool compress, std::string& out) {
  if (compress) {
    if (auto compressed = CompressIfShorter(data)) {
      out.push_back('.');
      Base64EncodeAppend(*compressed, Base64Alphabet::kUrl, Base64Padding::kUnpadded, out);
      return;
    }
  }
  Base64EncodeAppend(data, Base64Alphabet::kUrl, Base64Padding::kUnpadded, out);
}

Result<std::string> DecodeUrlSafePayload(std::string_view payload, bool strict,
                                         const Limits& limits) {
  bool decompress = payload.starts_with('.');
  if (decompress) payload.remove_prefix(1);
  // The canonical form (what the libraries write) decodes identically under both rules.
  auto raw = Base64DecodeStrict(payload, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  if (!raw && !strict) raw = Base64DecodeUrlPadFixed(payload, /*drop_non_ascii=*/false);
  if (!raw) return Fail(ErrorCode::kMalformed, "payload is not base64");
  if (!decompress) return raw;
  auto inflated = ZlibInflate(*raw, limits.max_decompressed_bytes);
  if (!inflated && inflated.error().code != ErrorCode::kLimitExceeded) {
    return Fail(ErrorCode::kMalformed, "payload is not a zlib stream");
  }
  return inflated;
}

}  // namespace knox::token
