#include "conformance/analysis/potfile.h"

#include "core/base/hex.h"

namespace knox::analysis {

std::string EncodePotSecret(std::string_view secret) {
  bool plain = !secret.starts_with("$HEX[");
  for (unsigned char c : secret) plain = plain && c >= 0x20 && c <= 0x7e && c != ':';
  if (plain) return std::string(secret);
  return "$HEX[" + HexEncode(secret) + "]";
}

std::optional<std::string> DecodePotSecret(std::string_view field) {
  if (!field.starts_with("$HEX[")) return std::string(field);
  if (!field.ends_with("]")) return std::nullopt;
  auto bytes = HexDecode(field.substr(5, field.size() - 6));
  if (!bytes) return std::nullopt;
  return std::move(*bytes);
}

std::string PotLine(std::string_view token, std::string_view secret) {
  return std::string(token) + ":" + EncodePotSecret(secret) + "\n";
}

std::optional<std::string> FindInPotfile(std::string_view potfile, std::string_view token) {
  std::optional<std::string> found;
  size_t pos = 0;
  while (pos < potfile.size()) {
    size_t end = potfile.find('\n', pos);
    if (end == std::string_view::npos) end = potfile.size();
    std::string_view line = potfile.substr(pos, end - pos);
    pos = end + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    const size_t colon = line.rfind(':');
    if (colon == std::string_view::npos || line.substr(0, colon) != token) continue;
    if (auto secret = DecodePotSecret(line.substr(colon + 1))) found = std::move(*secret);
  }
  return found;
}

}  // namespace knox::analysis
