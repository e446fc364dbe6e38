// The reference server's accounts: user name -> PBKDF2-HMAC-SHA256 hash (RFC 8018 §5.2) with a
// 16-byte random salt per user. Plain passwords are never kept. Verify runs in the same time
// whether the user exists or not (an unknown name is checked against a dummy hash made at start-up)
// and compares hashes in constant time, so neither timing nor the answer tells which names exist.
//
// Errors: Add fails with kInvalidArgument (empty or over-long name/password, duplicate name) or
// kUnavailable (no randomness). Verify fails only with kInternal (OpenSSL failure); a wrong
// password is "no value", not an error.
// Thread-safety: Add at start-up only; after that Verify is safe from any number of threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/crypto/secret_bytes.h"
#include "core/server/principal.h"

namespace knox::server {

struct UserStoreOptions {
  // OWASP Password Storage Cheat Sheet (2023) for PBKDF2-HMAC-SHA256. Tests and benchmarks may
  // lower it; it is never below kMinIterations.
  unsigned iterations = 600'000;
  static constexpr unsigned kMinIterations = 1'000;
  static constexpr size_t kMaxNameBytes = 128;
  static constexpr size_t kMaxPasswordBytes = 1024;
};

class UserStore {
 public:
  // kInvalidArgument when iterations is below the minimum; kUnavailable without randomness.
  static Result<UserStore> Create(UserStoreOptions options = {});

  Result<void> Add(std::string_view name, std::string_view password,
                   std::vector<std::string> roles = {"user"});
  // The account when name and password match; std::nullopt otherwise.
  Result<std::optional<Principal>> Verify(std::string_view name, std::string_view password) const;
  size_t size() const { return users_.size(); }

 private:
  struct Account {
    std::string salt;
    crypto::SecretBytes hash;
    std::vector<std::string> roles;
  };
  explicit UserStore(UserStoreOptions options, Account dummy)
      : options_(options), dummy_(std::move(dummy)) {}
  Result<std::string> Hash(std::string_view password, std::string_view salt) const;

  UserStoreOptions options_;
  Account dummy_;
  std::map<std::string, Account, std::less<>> users_;
};

// Parses "NAME:PASSWORD" (split at the first ':'); kInvalidArgument when either part is empty.
Result<std::pair<std::string, std::string>> ParseUserSpec(std::string_view spec);

}  // namespace knox::server
