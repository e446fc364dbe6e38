// Properties of the audit's sensitive-field detection (conformance/flows/sensitive_fields.h), on
// the input read as a JSON payload and as a single key and value.
//   - KeyWords: at most kMaxKeyWords non-empty lower-case words, none for an over-long key; their
//     concatenation is a subsequence of the lower-cased key (splitting only drops separators);
//     an all-lower-case ASCII key splits as its upper-case form does (case-insensitivity).
//   - ClassifyKey finds nothing where KeyWords finds no word; ClassifyValue inspects nothing past
//     kMaxValueBytes, and what it flags has the shape claimed ('@' for e-mail, '.' for a JWT).
//   - FindSensitiveFields reports each top-level key at most once, in the object's order, with a
//     reason, and never quotes a field's string value in the reason.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "conformance/flows/sensitive_fields.h"

namespace {

namespace flows = knox::flows;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool IsSubsequence(std::string_view part, std::string_view whole) {
  size_t at = 0;
  for (char c : part) {
    at = whole.find(c, at);
    if (at == std::string_view::npos) return false;
    ++at;
  }
  return true;
}

void CheckKey(std::string_view key) {
  auto words = flows::KeyWords(key);
  if (words.size() > flows::kMaxKeyWords) std::abort();
  if (key.size() > flows::kMaxKeyBytes && !words.empty()) std::abort();
  std::string joined;
  for (const auto& w : words) {
    if (w.empty() || Lower(w) != w) std::abort();
    joined += w;
  }
  if (!IsSubsequence(joined, Lower(key))) std::abort();
  if (words.empty() && flows::ClassifyKey(key)) std::abort();
  // (ASCII keys only: bytes of non-ASCII characters count as lower-case letters in splitting,
  // so an upper-case run before one splits as an acronym.)
  bool ascii = std::all_of(key.begin(), key.end(), [](char c) { return (c & 0x80) == 0; });
  if (ascii && Lower(key) == key && flows::KeyWords(Upper(key)) != words) std::abort();
}

void CheckValue(std::string_view value) {
  auto kind = flows::ClassifyValue(value);
  if (!kind) return;
  if (value.size() > flows::kMaxValueBytes) std::abort();
  if (*kind == flows::SensitiveValue::kEmailAddress && value.find('@') == std::string_view::npos) {
    std::abort();
  }
  if (*kind == flows::SensitiveValue::kJwt && value.find('.') == std::string_view::npos) {
    std::abort();
  }
}

void CheckPayload(const nlohmann::json& doc) {
  auto fields = flows::FindSensitiveFields(doc);
  if (!doc.is_object()) {
    if (!fields.empty()) std::abort();
    return;
  }
  auto next = doc.begin();
  for (const auto& f : fields) {
    while (next != doc.end() && next.key() != f.name) ++next;
    if (next == doc.end() || f.reason.empty()) std::abort();  // unknown, repeated or out of order
    if (next->is_string()) {
      const auto& value = next->get_ref<const std::string&>();
      if (value.size() >= 24 && Lower(f.name).find(Lower(value)) == std::string::npos &&
          f.reason.find(value) != std::string::npos) {
        std::abort();
      }
    }
    ++next;
  }
  for (const auto& [key, value] : doc.items()) {
    CheckKey(key);
    if (value.is_string()) CheckValue(value.get_ref<const std::string&>());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  CheckKey(in);
  CheckValue(in);
  auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_discarded()) CheckPayload(doc);
  return 0;
}
