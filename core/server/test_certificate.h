// For tests only: writes a fresh self-signed certificate (ECDSA P-256, SHA-256, valid for one
// hour, subjectAltName DNS:localhost and IP:127.0.0.1) and its private key as PEM files into a new
// temporary directory, which the object removes when it dies. Empty paths when OpenSSL fails.
#pragma once

#include <string>

namespace knox::server::testing {

class TestCertificate {
 public:
  TestCertificate();
  ~TestCertificate();
  TestCertificate(const TestCertificate&) = delete;
  TestCertificate& operator=(const TestCertificate&) = delete;

  bool ok() const { return !certificate_file_.empty(); }
  const std::string& certificate_file() const { return certificate_file_; }
  const std::string& key_file() const { return key_file_; }

 private:
  std::string directory_;
  std::string certificate_file_;
  std::string key_file_;
};

}  // namespace knox::server::testing
