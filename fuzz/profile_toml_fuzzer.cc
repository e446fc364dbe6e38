// Properties of the audit profile parser on any bytes: it terminates without crashing (toml++ with
// exceptions off); it is deterministic; whatever it accepts passes ValidateProfile (every path
// starts with '/', methods and header names are tokens, no control characters in header values);
// and the report's summary of an accepted profile does not depend on its password.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "conformance/profile/profile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
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
