#include "core/token/format_traits.h"

#include <array>
#include <string>

namespace knox::token {
namespace {

constexpr std::array<Opt, 15> kAllOpts = {
    Opt::kSalt,      Opt::kDigest,  Opt::kKeyDerivation, Opt::kSeparator, Opt::kTimestamped,
    Opt::kTimestamp, Opt::kMaxAge,  Opt::kCookieName,    Opt::kSignature, Opt::kStrict,
    Opt::kNow,       Opt::kExpires, Opt::kCipher,        Opt::kBlockKey,  Opt::kSerializer,
};

// --now means something exactly where the format carries a time: --timestamp or --expires.
OptionSet WithNow(OptionSet set) {
  if (set.Has(Opt::kTimestamp) || set.Has(Opt::kExpires)) set.Add(Opt::kNow);
  return set;
}

}  // namespace

std::string_view OptFlag(Opt o) {
  switch (o) {
    case Opt::kSalt:
      return "--salt";
    case Opt::kDigest:
      return "--digest";
    case Opt::kKeyDerivation:
      return "--key-derivation";
    case Opt::kSeparator:
      return "--sep";
    case Opt::kTimestamped:
      return "--timestamped";
    case Opt::kTimestamp:
      return "--timestamp";
    case Opt::kMaxAge:
      return "--max-age";
    case Opt::kCookieName:
      return "--cookie-name";
    case Opt::kSignature:
      return "--signature";
    case Opt::kStrict:
      return "--strict";
    case Opt::kNow:
      return "--now";
    case Opt::kExpires:
      return "--expires";
    case Opt::kCipher:
      return "--cipher";
    case Opt::kBlockKey:
      return "--block-key";
    case Opt::kSerializer:
      return "--serializer";
  }
  return "--?";
}

std::span<const Opt> AllOpts() { return kAllOpts; }

OptionSet AppliesAlways(const FormatTraits& traits) { return WithNow(traits.options); }

OptionSet AppliesWhenTimestamped(const FormatTraits& traits) {
  return WithNow(traits.timestamped_only);
}

Result<void> CheckOptionsApply(const FormatTraits& traits, OptionSet given, bool timestamped) {
  const OptionSet options = AppliesAlways(traits);
  const OptionSet timestamped_only = AppliesWhenTimestamped(traits);
  for (Opt o : kAllOpts) {
    if (!given.Has(o) || options.Has(o)) continue;
    std::string why;
    if (timestamped_only.Has(o)) {
      if (timestamped) continue;
      why = " without --timestamped (the untimed variant carries no time)";
    }
    return Fail(
        ErrorCode::kInvalidArgument,
        std::string(OptFlag(o)) + " does not apply to format " + std::string(traits.name) + why);
  }
  return {};
}

}  // namespace knox::token
