// The Rack layer under every Ruby cookie format (rack, rails-signed, rails-encrypted): how Rack
// writes a cookie value into Set-Cookie and reads it back from the Cookie header.
#pragma once

#include <string>
#include <string_view>

namespace knox::token {

// Rack::Utils.unescape as Rack's cookie parser applies it to one cookie value (up to ';'):
// URI.decode_www_form_component raises on a '%' without two hex digits, and Rack then keeps the
// raw text; otherwise '+' is a space and %XX a byte.
std::string RackCookieValue(std::string_view raw);

// Rack::Utils.escape (URI.encode_www_form_component), what Rack writes into Set-Cookie:
// [*-.0-9A-Z_a-z] as is, space as '+', every other byte %XX in upper case.
std::string RackEscape(std::string_view value);

}  // namespace knox::token
