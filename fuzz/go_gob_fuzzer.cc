// Properties of the Go gob reader (core/token/go_gob.h, go_gob_json.h) on any bytes:
//  - Read terminates within its limits, and the type check and the JSON rendering accept whatever
//    it read;
//  - what it reads in the subset knox writes (a gorilla/sessions map of basic values and
//    []interface {}) is written back (WriteSession) into a stream that reads as the same tree and
//    writes the same bytes again (read -> write -> read identity);
//  - the JSON rendering, where knox signs it (SessionFromJson), writes a stream that renders to the
//    same JSON (write -> read identity for what knox signs).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/token/go_gob.h"
#include "core/token/go_gob_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace gob = knox::token::gob;
  using knox::token::Json;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto doc = gob::Read(in);
  if (!doc) return 0;
  (void)gob::CheckGoTypes(*doc);
  (void)gob::IsSessionMap(*doc);
  (void)gob::TypeString(*doc, doc->root.type_id);
  const Json json = gob::ToJson(doc->root);
  (void)json.dump(-1, ' ', false, Json::error_handler_t::replace);

  // Written streams hold no more values than read ones, but may nest deeper in bytes: roomy limits.
  const gob::GobLimits roomy{.max_depth = 1000, .max_values = size_t{1} << 24};
  if (auto bytes = gob::WriteSession(doc->root)) {
    auto again = gob::Read(*bytes, roomy);
    if (!again || !gob::SameValue(doc->root, again->root)) std::abort();
    auto rewritten = gob::WriteSession(again->root);
    if (!rewritten || *rewritten != *bytes) std::abort();
  }
  if (auto session = gob::SessionFromJson(json)) {
    auto bytes = gob::WriteSession(*session);
    if (!bytes) std::abort();
    auto reread = gob::Read(*bytes, roomy);
    if (!reread || !gob::CheckGoTypes(*reread) || gob::ToJson(reread->root) != json) std::abort();
  }
  return 0;
}
