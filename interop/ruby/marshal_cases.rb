# The values the Marshal vectors (gen_vectors.rb) and the fuzzer seeds (gen_fuzz_corpus.rb) are
# made from: what sessions hold, and every Marshal type knox reads.
require "rack"
require "rack/session/abstract/id"

Point = Struct.new(:x, :y)
class Account
  def initialize(name, roles)
    @name = name
    @roles = roles
  end
end
module Flagged; end
class MyStr < String; end
class MyList < Array; end

def marshal_cases
  shared = "shared"
  list = [1, 2]
  with_default = Hash.new("none")
  with_default["k"] = "v"
  flagged = +"ext"
  flagged.extend(Flagged)
  [
    ["nil", nil], ["true", true], ["false", false],
    ["fixnums", [0, 1, -1, 122, 123, -123, -124, 255, 256, -256, -257, 65_535, 2**30 - 1, -2**30]],
    ["bignums", [2**30, -2**30 - 1, 2**62, 2**63 - 1, -2**63, 2**63, 2**64, -(2**80) - 12_345]],
    ["floats", [1.0, 1.5, -0.0, 0.0, 100.0, 0.001, 0.0001, 1e20, 1.0e-5, 123_456.789, 1e16,
                Float::INFINITY, -Float::INFINITY, Float::NAN, 2.5e-310]],
    ["strings", ["", "ascii", "é ü 日本", "binary\xff".b, "us".encode("US-ASCII"),
                 "x".force_encoding("Shift_JIS"), "\u00e9".encode("ISO-8859-1"), "nul\0byte"]],
    ["symbols", [:a, :b, :a, :"é", :"é", :"with space"]],
    ["session_hash", { "session_id" => "abc123", "user_id" => 42, "roles" => ["admin", "ops"],
                       "flash" => { "notice" => "Saved" }, "ratio" => 0.25, "ok" => true }],
    ["symbol_keys", { user: "alice", "user2" => "bob", nested: { deep: [:sym, nil] } }],
    ["string_and_symbol_key", { "a" => 1, a: 2 }],
    ["non_string_keys", { 1 => "one", nil => "nil", [1] => "list" }],
    ["at_ruby_key", { "@ruby" => "not a tag" }],
    ["hash_with_default", with_default],
    ["links", [shared, shared, list, list, { "again" => shared }]],
    ["struct", Point.new(1, "two")],
    ["object", Account.new("alice", [:admin])],
    ["regexp", [/ab+c/i, /é/]],
    ["class_module", [String, Kernel, Comparable]],
    ["extended", flagged],
    ["string_subclass_and_time_free", [Rack::Session::SessionId.new("0123abcd")]],
    ["deep", [[[[[[[[["deep"]]]]]]]]]],
    ["user_classes", [MyStr.new("hi"), MyList.new([1, "x"])]],
    ["symbol_key_with_default", Hash.new(1).merge!(a: 2, "b" => 3)],
    ["encoded_symbols_and_keys", { "ключ": "значение", "日本" => :"記号" }],
  ]
end
