#include "conformance/checks/registry.h"

#include <iterator>

#include "conformance/checks/attr_checks.h"
#include "conformance/checks/entropy_checks.h"
#include "conformance/checks/jwt_checks.h"
#include "conformance/checks/life_checks.h"
#include "conformance/checks/prefix_checks.h"
#include "conformance/checks/robust_checks.h"
#include "conformance/checks/secret_checks.h"
#include "conformance/checks/sess_checks.h"
#include "conformance/checks/token_checks.h"

namespace knox::checks {
namespace {

constexpr Check kChecks[] = {
    {&kSecureMissing, CheckSecureMissing},
    {&kHttpOnlyMissing, CheckHttpOnlyMissing},
    {&kSameSiteMissing, CheckSameSiteMissing},
    {&kSameSiteInvalid, CheckSameSiteInvalid},
    {&kSameSiteNone, CheckSameSiteNone},
    {&kSameSiteNoneWithoutSecure, CheckSameSiteNoneWithoutSecure},
    {&kDomainTooBroad, CheckDomainTooBroad},
    {&kCookieTooLarge, CheckCookieTooLarge},
    {&kCookieNearSizeLimit, CheckCookieNearSizeLimit},
    {&kBrowserRefusesSessionCookie, CheckBrowserRefusesSessionCookie},
    {&kHostPrefixMissing, CheckHostPrefixMissing},
    {&kPrefixViolated, CheckPrefixViolated},
    {&kPersistentSession, CheckPersistentSession},
    {&kSessionTooLong, CheckSessionTooLong},
    {&kExpiryNotEnforced, CheckExpiryNotEnforced},
    {&kNoRotationAtLogin, CheckNoRotationAtLogin},
    {&kSessionFixation, CheckSessionFixation},
    {&kLogoutNotInvalidating, CheckLogoutNotInvalidating},
    {&kLogoutNotClearing, CheckLogoutNotClearing},
    {&kSessionIdInUrl, CheckSessionIdInUrl},
    {&kCleartextHttp, CheckCleartextHttp},
    {&kTamperingAccepted, CheckTamperingAccepted},
    {&kUnsignedSession, CheckUnsignedSession},
    {&kSensitivePayload, CheckSensitivePayload},
    {&kJwtAlgNoneAccepted, CheckJwtAlgNoneAccepted},
    {&kJwtSignatureStripped, CheckJwtSignatureStripped},
    {&kJwtKeyConfusion, CheckJwtKeyConfusion},
    {&kJwtExpMissing, CheckJwtExpMissing},
    {&kJwtExpiredAccepted, CheckJwtExpiredAccepted},
    {&kLowEntropy, CheckLowEntropy},
    {&kEntropyBelow128, CheckEntropyBelow128},
    {&kWeakSecret, CheckWeakSecret},
    {&kServerErrorOnTamper, CheckServerErrorOnTamper},
};

}  // namespace

std::span<const Check> AllChecks() { return kChecks; }

std::vector<Finding> RunAll(const SessionFacts& facts) {
  std::vector<Finding> all;
  for (const Check& c : kChecks) {
    std::vector<Finding> found = c.run(facts);
    all.insert(all.end(), std::make_move_iterator(found.begin()),
               std::make_move_iterator(found.end()));
  }
  return all;
}

}  // namespace knox::checks
