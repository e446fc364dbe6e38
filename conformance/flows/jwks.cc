#include "conformance/flows/jwks.h"

#include <nlohmann/json.hpp>

#include "core/token/public_keys.h"

namespace knox::flows {

std::vector<std::string> PublicKeyPems(std::string_view body,
                                       std::optional<std::string>* jwks_uri) {
  std::vector<std::string> pems;
  if (jwks_uri != nullptr) {
    const nlohmann::json config = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (config.is_object() && !config.contains("keys")) {
      auto uri = config.find("jwks_uri");
      if (uri != config.end() && uri->is_string()) *jwks_uri = uri->get<std::string>();
      return pems;
    }
  }
  if (!token::LooksLikePublicKeys(body)) return pems;
  auto keys = token::LoadPublicKeys(body);
  if (!keys) return pems;
  for (const token::PublicKeyEntry& entry : *keys) {
    std::string pem = entry.key.ToPem();
    if (!pem.empty()) pems.push_back(std::move(pem));
  }
  return pems;
}

}  // namespace knox::flows
