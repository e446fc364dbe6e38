#include "core/token/python_payload.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "core/base/base64.h"
#include "core/base/hex.h"
#include "core/base/zlib.h"
#include "core/crypto/random.h"
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

namespace {

// Python's json.loads also reads the constants NaN, Infinity and -Infinity (json.dumps writes
// them: allow_nan=True), which JSON and knox's parser do not. Outside strings they are replaced by
// string literals carrying a per-process random nonce — no payload can hold one by chance — the
// text is parsed, and those strings become the doubles again.
const std::string& ConstantMarker() {
  static const std::string marker =
      "knox-py-constant-" + HexEncode(crypto::RandomBytes(16).value_or(std::string(16, '\x02'))) +
      ":";
  return marker;
}

std::optional<std::string> MarkPythonConstants(std::string_view text) {
  std::string out;
  bool found = false;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '"') {  // copy the string literal whole
      size_t j = i + 1;
      while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, text.size());
      out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    std::string_view name;
    for (std::string_view constant : {"NaN", "Infinity", "-Infinity"}) {
      if (text.substr(i, constant.size()) == constant) name = constant;
    }
    if (name.empty()) {
      out.push_back(c);
      ++i;
      continue;
    }
    out += "\"" + ConstantMarker() + std::string(name) + "\"";
    i += name.size();
    found = true;
  }
  if (!found) return std::nullopt;
  return out;
}

// False when a constant stood where Python allows none (an object key).
bool RestorePythonConstants(Json& j) {
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (!s.starts_with(ConstantMarker())) return true;
    const std::string_view name = std::string_view(s).substr(ConstantMarker().size());
    if (name == "NaN") j = std::numeric_limits<double>::quiet_NaN();
    if (name == "Infinity") j = std::numeric_limits<double>::infinity();
    if (name == "-Infinity") j = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (j.is_object()) {
    for (auto& [key, value] : j.items()) {
      if (key.starts_with(ConstantMarker()) || !RestorePythonConstants(value)) return false;
    }
  }
  if (j.is_array()) {
    for (auto& v : j) {
      if (!RestorePythonConstants(v)) return false;
    }
  }
  return true;
}

Result<Json> ParsePythonJsonText(std::string_view text, const Limits& limits) {
  auto doc = ParseJson(text, limits);
  if (doc || doc.error().code == ErrorCode::kLimitExceeded) return doc;
  auto marked = MarkPythonConstants(text);
  if (!marked) return doc;
  auto again = ParseJson(*marked, limits);
  if (!again || !RestorePythonConstants(*again)) return doc;  // the original error
  return again;
}

}  // namespace

Result<Json> ParsePyJson(std::string_view payload, PyTextDecoding decoding, const Limits& limits) {
  switch (decoding) {
    case PyTextDecoding::kUtf8:
      return ParsePythonJsonText(payload, limits);
    case PyTextDecoding::kLatin1:
      return ParsePythonJsonText(Latin1ToUtf8(payload), limits);
    case PyTextDecoding::kJsonBytes:
      if (payload.starts_with("\xef\xbb\xbf")) payload.remove_prefix(3);  // utf-8-sig
      return ParsePythonJsonText(payload, limits);
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
