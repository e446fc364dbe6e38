// Properties of the audit's session-value classifier (conformance/flows/token_probe.h) together
// with the sensitive-field reading of what it decodes. The input is "NAME\nVALUE[\nSIG]": the
// session cookie and, when a third line is present, its NAME.sig companion.
//   - InspectToken is deterministic and its view is consistent: a format only with its codec and
//     decoded value (and the codec's name), an unsigned candidate is an unsigned payload with no
//     format and no MAC, a random part only for a server-side id.
//   - Every tamper variant differs from the cookies sent (the header's contract: a verifying
//     server must notice each one) and names what it did.
//   - ReadableFields are sorted and unique; SensitiveFields is the sorted subset of `among`.
//   - FlipChar changes exactly the character at the index, keeping its class.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "conformance/flows/token_probe.h"

namespace {

namespace flows = knox::flows;
using knox::checks::SessionKind;

int CharClass(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isdigit(u)) return 0;
  if (std::islower(u)) return 1;
  if (std::isupper(u)) return 2;
  return 3;
}

void CheckFlip(std::string_view text, size_t index) {
  std::string flipped = flows::FlipChar(text, index);
  if (flipped.size() != text.size()) std::abort();
  for (size_t i = 0; i < text.size(); ++i) {
    if (i != index && flipped[i] != text[i]) std::abort();
  }
  if (index < text.size()) {
    if (flipped[index] == text[index]) std::abort();
    // A letter or digit stays one of its class; anything else becomes a letter.
    if (CharClass(text[index]) != 3 && CharClass(flipped[index]) != CharClass(text[index])) {
      std::abort();
    }
  }
}

void CheckView(const flows::TokenView& view, const flows::TokenView& again) {
  if (view.kind != again.kind || view.format != again.format || view.codec != again.codec ||
      view.unsigned_candidate != again.unsigned_candidate ||
      view.signed_value != again.signed_value || view.random_part != again.random_part ||
      view.signature_cookie != again.signature_cookie) {
    std::abort();
  }
  if (view.format && (!view.codec || !view.decoded || view.codec->name() != *view.format)) {
    std::abort();
  }
  if (view.unsigned_candidate &&
      (view.kind != SessionKind::kUnsignedPayload || view.format || view.signed_value)) {
    std::abort();
  }
  if (view.random_part && view.kind != SessionKind::kServerId) std::abort();
  if (view.kind == SessionKind::kJwt && !view.decoded) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  if (nl == std::string_view::npos || nl == 0) return 0;
  std::string name(in.substr(0, nl));
  std::string_view rest = in.substr(nl + 1);
  size_t nl2 = rest.find('\n');
  std::string value(rest.substr(0, nl2));
  flows::CookiePairs cookies = {{name, value}};
  if (nl2 != std::string_view::npos) cookies.emplace_back(name + ".sig", rest.substr(nl2 + 1));

  flows::TokenView view = flows::InspectToken(name, value, cookies);
  CheckView(view, flows::InspectToken(name, value, cookies));

  for (const auto& variant : flows::TamperVariants(view, cookies)) {
    if (variant.what.empty() || variant.cookies == cookies) std::abort();
  }

  auto fields = flows::ReadableFields(view);
  if (!std::is_sorted(fields.begin(), fields.end()) ||
      std::adjacent_find(fields.begin(), fields.end()) != fields.end()) {
    std::abort();
  }
  auto sensitive = flows::SensitiveFields(view, fields);
  if (!std::is_sorted(sensitive.begin(), sensitive.end())) std::abort();
  for (const auto& s : sensitive) {
    if (!std::binary_search(fields.begin(), fields.end(), s)) std::abort();
  }

  CheckFlip(value, value.size() / 2);
  CheckFlip(value, 0);
  CheckFlip(value, value.size());
  return 0;
}
