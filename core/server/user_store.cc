#include "core/server/user_store.h"

#include "core/crypto/constant_time.h"
#include "core/crypto/pbkdf2.h"
#include "core/crypto/random.h"

namespace knox::server {
namespace {

constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

}  // namespace

Result<UserStore> UserStore::Create(UserStoreOptions options) {
  if (options.iterations < UserStoreOptions::kMinIterations) {
    return Fail(ErrorCode::kInvalidArgument, "PBKDF2 iterations below the minimum");
  }
  auto salt = crypto::RandomBytes(kSaltBytes);
  auto password = crypto::RandomBytes(kHashBytes);
  if (!salt || !password) return Fail(ErrorCode::kUnavailable, "no randomness for the dummy hash");
  UserStore store(options, Account{});
  auto hash = store.Hash(*password, *salt);
  if (!hash) return std::unexpected(hash.error());
  store.dummy_ = Account{std::move(*salt), crypto::SecretBytes(*hash), {}};
  return store;
}

Result<std::string> UserStore::Hash(std::string_view password, std::string_view salt) const {
  return crypto::Pbkdf2(crypto::Digest::kSha256, password, salt, options_.iterations, kHashBytes);
}

Result<void> UserStore::Add(std::string_view name, std::string_view password,
                            std::vector<std::string> roles) {
  if (name.empty() || name.size() > UserStoreOptions::kMaxNameBytes) {
    return Fail(ErrorCode::kInvalidArgument, "user name empty or too long");
  }
  if (password.empty() || password.size() > UserStoreOptions::kMaxPasswordBytes) {
    return Fail(ErrorCode::kInvalidArgument, "password empty or too long");
  }
  if (users_.contains(name)) return Fail(ErrorCode::kInvalidArgument, "duplicate user name");
  auto salt = crypto::RandomBytes(kSaltBytes);
  if (!salt) return Fail(ErrorCode::kUnavailable, "no randomness for a salt");
  auto hash = Hash(password, *salt);
  if (!hash) return std::unexpected(hash.error());
  users_.emplace(std::string(name),
                 Account{std::move(*salt), crypto::SecretBytes(*hash), std::move(roles)});
  crypto::Cleanse(hash->data(), hash->size());
  return {};
}

Result<std::optional<Principal>> UserStore::Verify(std::string_view name,
                                                   std::string_view password) const {
  auto it = users_.find(name);
  const Account& account = it != users_.end() ? it->second : dummy_;
  // Over-long passwords are hashed too (capped), so that their rejection costs the same work.
  auto hash = Hash(password.substr(0, UserStoreOptions::kMaxPasswordBytes), account.salt);
  if (!hash) return std::unexpected(hash.error());
  bool match = crypto::ConstantTimeEquals(*hash, account.hash.reveal());
  crypto::Cleanse(hash->data(), hash->size());
  if (!match || it == users_.end() || password.size() > UserStoreOptions::kMaxPasswordBytes) {
    return std::optional<Principal>();
  }
  return std::optional<Principal>(Principal{it->first, it->second.roles});
}

Result<std::pair<std::string, std::string>> ParseUserSpec(std::string_view spec) {
  size_t colon = spec.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == spec.size()) {
    return Fail(ErrorCode::kInvalidArgument, "expected NAME:PASSWORD");
  }
  return std::pair<std::string, std::string>(spec.substr(0, colon), spec.substr(colon + 1));
}

}  // namespace knox::server
