#include "conformance/analysis/known_secrets.h"

#include <array>

namespace knox::analysis {
namespace {

using namespace std::string_view_literals;

constexpr std::array kSecrets = {
    // Express / express-session README and countless tutorials.
    "keyboard cat"sv,
    // jsonwebtoken README examples.
    "shhhhh"sv,
    "shhhhhared-secret"sv,
    // jwt.io debugger defaults (HS256), old and new.
    "your-256-bit-secret"sv,
    "your-384-bit-secret"sv,
    "your-512-bit-secret"sv,
    "a-string-secret-at-least-256-bits-long"sv,
    // FastAPI documentation, "OAuth2 with Password (and hashing), Bearer with JWT tokens".
    "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"sv,
    // Flask tutorial (flaskr: SECRET_KEY='dev') and quickstart example key.
    "dev"sv,
    "_5#y2L\"F4Q8z\n\xec]/"sv,
    // Flask Mega-Tutorial (config.py fallback).
    "you-will-never-guess"sv,
    // @hapi/iron README example password.
    "some_not_random_password_that_is_at_least_32_characters"sv,
    // cookie-session README example keys.
    "key1"sv,
    "key2"sv,
    // gorilla/sessions 1.2.1 package documentation (doc.go: NewCookieStore([]byte(
    // "something-very-secret"))) and gorilla/securecookie 1.1.1's (doc.go: hashKey "very-secret",
    // blockKey "a-lot-secret").
    "something-very-secret"sv,
    "very-secret"sv,
    "a-lot-secret"sv,
    // Laravel's historical APP_KEY defaults: Laravel 4's app/config/app.php ('key' =>
    // 'YourSecretKey!!!') and Laravel 5's config/app.php fallback (env('APP_KEY',
    // 'SomeRandomString')). Both are 16 bytes: AES-128 keys for the `laravel` format.
    "YourSecretKey!!!"sv,
    "SomeRandomString"sv,
    // Placeholders from .env.example files, framework generators and blog posts.
    "changeme"sv,
    "change-me"sv,
    "change_me"sv,
    "CHANGE_ME"sv,
    "changethis"sv,
    "secret"sv,
    "Secret"sv,
    "SECRET"sv,
    "secret123"sv,
    "secretkey"sv,
    "secret-key"sv,
    "secret_key"sv,
    "SECRET_KEY"sv,
    "mysecret"sv,
    "my-secret"sv,
    "my_secret"sv,
    "mysecretkey"sv,
    "my-secret-key"sv,
    "my_secret_key"sv,
    "your-secret-key"sv,
    "your_secret_key"sv,
    "yoursecretkey"sv,
    "super-secret"sv,
    "super_secret"sv,
    "supersecret"sv,
    "super secret key"sv,
    "super-secret-key"sv,
    "topsecret"sv,
    "s3cr3t"sv,
    "session_secret"sv,
    "session-secret"sv,
    "cookie_secret"sv,
    "cookie-secret"sv,
    "jwt_secret"sv,
    "jwt-secret"sv,
    "JWT_SECRET"sv,
    "jwtsecret"sv,
    "app_secret"sv,
    "app-secret"sv,
    "appsecret"sv,
    "development"sv,
    "default"sv,
    "test"sv,
    "testing"sv,
    "password"sv,
    "password123"sv,
    "admin"sv,
    "123456"sv,
    "12345678"sv,
    "qwerty"sv,
    "hunter2"sv,
    "insecure"sv,
    "notsecret"sv,
    "not-so-secret"sv,
    "thisisasecret"sv,
    "thisismysecret"sv,
    "flask"sv,
    "django"sv,
    "express"sv,
    "fastapi"sv,
    "starlette"sv,
    "node"sv,
};

}  // namespace

std::span<const std::string_view> KnownSecrets() { return kSecrets; }

}  // namespace knox::analysis
