// Properties of the audit profile parser on any bytes: it terminates without crashing (toml++ with
// exceptions off); it is deterministic; whatever it accepts passes ValidateProfile (every path
// starts with '/', methods and header names are tokens, no control characters in header values);
// and the report's summary of an accepted profile does not depend on its password. The same bytes
// as a -H 'Name: value' flag (ParseHeaderFlag): accepted only as a token name and a value without
// CR, LF or NUL and without surrounding blanks.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "conformance/profile/profile.h"
#include "core/base/http_token.h"

namespace {

void CheckHeaderFlag(std::string_view in) {
  auto header = knox::profile::ParseHeaderFlag(in);
  if (!header) return;
  const auto& [name, value] = *header;
  if (!knox::IsHttpToken(name)) std::abort();
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) std::abort();
  for (char edge : {value.empty() ? 'x' : value.front(), value.empty() ? 'x' : value.back()}) {
    if (edge == ' ' || edge == '\t') std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  CheckHeaderFlag(in);
  auto first = knox::profile::ParseProfileToml(in);
  auto second = knox::profile::ParseProfileToml(in);
  if (first.has_value() != second.has_value()) std::abort();
  if (!first) {
    if (first.error() != second.error()) std::abort();
    return 0;
  }
  if (!knox::profile::ValidateProfile(*first)) std::abort();
  for (const auto& path :
       {first->landing_path, first->login_path, first->protected_path, first->logout_path}) {
    if (path.empty() || path[0] != '/') std::abort();
  }
  // The report's summary does not depend on the password at all.
  knox::profile::Profile other = *first;
  other.password = first->password.value_or("") + "-changed";
  if (other.Summary() != first->Summary()) std::abort();
  return 0;
}
