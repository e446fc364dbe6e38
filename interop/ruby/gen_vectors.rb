# Vectors made by the real Ruby 3.1 Marshal and Rack 2.2 (Debian ruby, ruby-rack):
#   interop/vectors/ruby_marshal.jsonl  Marshal.dump of values sessions hold, with the JSON knox
#                                       must render for them (docs/formats.md "Ruby Marshal")
#   interop/vectors/rack.jsonl          Rack::Session::Cookie tokens: what Rack writes (sign) and
#                                       what Rack reads back from a cookie (verify)
# Usage: ruby gen_vectors.rb OUT_DIR            write both files
#        ruby gen_vectors.rb --check VECTOR_DIR regenerate and fail on any difference
# Fixed secrets and session ids; everything recorded is the library's own output or outcome.
require "json"
require "openssl"
require "zlib"
require "rack"
require "rack/session/cookie"
require "rack/mock"
require_relative "knox_json"
require_relative "marshal_cases"

# ---- Marshal ----------------------------------------------------------------------------------

def marshal_vectors
  marshal_cases.map do |name, value|
    bytes = Marshal.dump(value)
    { "format" => "ruby_marshal", "name" => name, "marshal" => [bytes].pack("m0"),
      "json" => KnoxJson.render(Marshal.load(bytes)) }
  end
end

# ---- Rack -------------------------------------------------------------------------------------

SID = "4f1e0c6a9b2d8e7f3a5c1b0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f"
DIGESTS = { "sha1" => OpenSSL::Digest::SHA1, "sha256" => OpenSSL::Digest::SHA256,
            "sha384" => OpenSSL::Digest::SHA384, "sha512" => OpenSSL::Digest::SHA512 }.freeze
CODERS = { "marshal" => Rack::Session::Cookie::Base64::Marshal,
           "json" => Rack::Session::Cookie::Base64::JSON,
           "zipjson" => Rack::Session::Cookie::Base64::ZipJSON }.freeze

def middleware(app, secrets, digest: "sha1", coder: "marshal")
  options = { secret: secrets[0], hmac: DIGESTS.fetch(digest), coder: CODERS.fetch(coder).new }
  options[:old_secret] = secrets[1] if secrets[1]
  mw = Rack::Session::Cookie.new(app, options)
  mw.define_singleton_method(:generate_sid) { |*| Rack::Session::SessionId.new(SID) }
  mw
end

# The cookie value Rack's Set-Cookie carries after the app stores `session` (a Hash).
def rack_sign(session, secret, digest: "sha1", coder: "marshal")
  app = lambda do |env|
    session.each { |k, v| env["rack.session"][k] = v }
    [200, {}, ["ok"]]
  end
  header = Rack::MockRequest.new(middleware(app, [secret], digest: digest, coder: coder)).get("/")["Set-Cookie"]
  header.split(";", 2)[0].split("=", 2)[1]
end

# What Rack makes of Cookie: rack.session=TOKEN: the outcome kind knox must report and the
# session Rack loaded. The kind follows the step that failed (digest_match? -> bad-signature,
# coder.decode giving no Hash, or the middleware raising on it -> malformed). The middleware is
# run as well, with an app that writes to the session (Rack then loads the cookie's data, with or
# without a "session_id") and one that only reads (Rack shows it only when the data has a truthy
# "session_id"; recorded as "read_only_app_sees_it").
def rack_through(mw_for, token, write)
  seen = nil
  app = lambda do |env|
    env["rack.session"]["knox_probe"] = true if write
    seen = env["rack.session"].to_hash
    [200, {}, ["ok"]]
  end
  Rack::MockRequest.new(mw_for.call(app)).get("/", "HTTP_COOKIE" => "rack.session=#{token}")
  seen
rescue StandardError
  :raised
end

def rack_verify(token, secrets, digest: "sha1", coder: "marshal")
  mw_for = ->(app) { middleware(app, secrets, digest: digest, coder: coder) }
  mw = mw_for.call(->(_) { [200, {}, []] })
  env = Rack::MockRequest.env_for("/", "HTTP_COOKIE" => "rack.session=#{token}")
  value = Rack::Request.new(env).cookies["rack.session"]
  data, _, mac = value.rpartition("--")
  return ["bad-signature", nil, false] unless mw.send(:digest_match?, data, mac)

  loaded = mw.coder.decode(data)
  written = rack_through(mw_for, token, true)
  return ["malformed", nil, false] unless loaded.is_a?(Hash) && written.is_a?(Hash)
  unless (loaded.keys.map(&:to_s) - written.keys).empty?
    raise "middleware disagrees for #{token}"
  end

  read = rack_through(mw_for, token, false)
  ["ok", loaded, read.is_a?(Hash) && !read.empty?]
end

def signed(data, secret, digest = "sha1")
  Rack::Utils.escape("#{data}--#{OpenSSL::HMAC.hexdigest(DIGESTS[digest].new, secret, data)}")
end

def rack_vectors
  out = []
  sign_cases = [
    ["simple", { "user" => "alice", "n" => 5 }, "sekrit", "sha1"],
    ["unicode", { "name" => "Zoë 日本", "tags" => ["a", "b"], "nested" => { "x" => nil } }, "sekrit", "sha1"],
    ["numbers", { "f" => 1.5, "g" => 100.0, "big" => 12_345_678_901_234_567_890, "neg" => -7, "t" => true },
     "sekrit", "sha1"],
    ["sha256", { "user" => "bob" }, "another secret", "sha256"],
    ["sha512", { "user" => "carol" }, "another secret", "sha512"],
    ["sha384", { "user" => "dave" }, "k", "sha384"],
    ["weak_secret", { "user_id" => 1, "admin" => false }, "change_me", "sha1"],
  ]
  sign_cases.each do |name, session, secret, digest|
    token = rack_sign(session, secret, digest: digest)
    loaded = Marshal.load(Rack::Utils.unescape(token).rpartition("--")[0].unpack1("m"))
    out << { "format" => "rack", "name" => "sign-#{name}", "op" => "sign", "secret" => secret,
             "digest" => digest, "value" => JSON.generate(KnoxJson.render(loaded, exact: true)),
             "token" => token }
    kind, value, read = rack_verify(token, [secret], digest: digest)
    out << { "format" => "rack", "name" => "verify-#{name}", "op" => "verify", "secrets" => [secret],
             "digest" => digest, "token" => token, "outcome" => kind,
             "value" => value && JSON.generate(KnoxJson.render(value)), "read_only_app_sees_it" => read }
  end

  base = rack_sign({ "user" => "alice", "role" => "admin" }, "sekrit")
  raw = Rack::Utils.unescape(base)
  data, _, mac = raw.rpartition("--")
  marshal_data = lambda { |obj| [Marshal.dump(obj)].pack("m0") }
  verify_cases = [
    ["rotation-old-secret", rack_sign({ "user" => "eve" }, "old one"), ["new one", "old one"], "sha1"],
    ["rotation-new-secret", rack_sign({ "user" => "eve" }, "new one"), ["new one", "old one"], "sha1"],
    ["wrong-secret", base, ["not it"], "sha1"],
    ["wrong-digest", base, ["sekrit"], "sha256"],
    ["tampered-data", Rack::Utils.escape("#{data.sub("B", "C")}--#{mac}"), ["sekrit"], "sha1"],
    ["uppercase-digest", Rack::Utils.escape("#{data}--#{mac.upcase}"), ["sekrit"], "sha1"],
    ["unescaped-token", raw, ["sekrit"], "sha1"],
    ["bad-percent-escape", "#{base}%", ["sekrit"], "sha1"],
    ["semicolon-tail", "#{base};other=1", ["sekrit"], "sha1"],
    ["lowercase-escapes", base.gsub("%3D", "%3d"), ["sekrit"], "sha1"],
    ["no-digest", Rack::Utils.escape(data), ["sekrit"], "sha1"],
    ["empty-data", signed("", "sekrit"), ["sekrit"], "sha1"],
    ["base64-with-newlines", signed([Marshal.dump({ "session_id" => "abc", "user" => "x" * 80 })].pack("m"), "sekrit"), ["sekrit"], "sha1"],
    ["base64-junk-and-url-alphabet", signed("#{data[0, 8]}!-_*#{data[8..]}", "sekrit"), ["sekrit"], "sha1"],
    ["signed-not-marshal", signed(["not marshal"].pack("m0"), "sekrit"), ["sekrit"], "sha1"],
    ["signed-array", signed(marshal_data.call([1, 2]), "sekrit"), ["sekrit"], "sha1"],
    ["signed-nil", signed(marshal_data.call(nil), "sekrit"), ["sekrit"], "sha1"],
    ["signed-string", signed(marshal_data.call("session_id"), "sekrit"), ["sekrit"], "sha1"],
    ["signed-truncated-marshal", signed([Marshal.dump({ "a" => "bcdef" })[0..-3]].pack("m0"), "sekrit"), ["sekrit"], "sha1"],
    ["signed-no-session-id", signed(marshal_data.call({ "user" => "alice" }), "sekrit"), ["sekrit"], "sha1"],
    ["signed-nil-session-id", signed(marshal_data.call({ "session_id" => nil, "u" => 1 }), "sekrit"), ["sekrit"], "sha1"],
    ["signed-symbol-session-id", signed(marshal_data.call({ session_id: "abc", user: "alice" }), "sekrit"), ["sekrit"], "sha1"],
    ["signed-symbol-keys", signed(marshal_data.call({ "session_id" => "abc", user: "alice", roles: [:admin] }), "sekrit"), ["sekrit"], "sha1"],
    ["signed-object", signed(marshal_data.call({ "session_id" => Rack::Session::SessionId.new("ab"), "n" => 2**70 }), "sekrit"), ["sekrit"], "sha1"],
    ["signed-hash-with-truthy-default", signed(marshal_data.call(Hash.new(0).merge!("k" => 1)), "sekrit"), ["sekrit"], "sha1"],
    ["signed-hash-with-default-and-id", signed(marshal_data.call(Hash.new("d").merge!("session_id" => "abc")), "sekrit"), ["sekrit"], "sha1"],
    ["json-coder", rack_sign({ "user" => "json", "n" => [1, 2.5] }, "sekrit", coder: "json"), ["sekrit"], "sha1", "json"],
    ["zipjson-coder", rack_sign({ "user" => "zip" }, "sekrit", coder: "zipjson"), ["sekrit"], "sha1", "zipjson"],
    ["json-coder-array", signed(["[1,2]"].pack("m0"), "sekrit"), ["sekrit"], "sha1", "json"],
    ["json-coder-no-session-id", signed(['{"user":"x"}'].pack("m0"), "sekrit"), ["sekrit"], "sha1", "json"],
    ["json-coder-with-id", signed(['{"session_id":"abc","user":"x","list":[1,true,null]}'].pack("m0"), "sekrit"), ["sekrit"], "sha1", "json"],
  ]
  verify_cases.each do |name, token, secrets, digest, coder|
    coder ||= "marshal"
    kind, value, read = rack_verify(token, secrets, digest: digest, coder: coder)
    out << { "format" => "rack", "name" => name, "op" => "verify", "secrets" => secrets,
             "digest" => digest, "coder" => coder, "token" => token, "outcome" => kind,
             "value" => value && JSON.generate(KnoxJson.render(value)), "read_only_app_sees_it" => read }
  end
  out
end

def lines(records)
  records.map { |r| JSON.generate(r) + "\n" }.join
end

files = { "ruby_marshal.jsonl" => lines(marshal_vectors), "rack.jsonl" => lines(rack_vectors) }
if ARGV[0] == "--check"
  stale = files.reject { |f, text| File.binread(File.join(ARGV[1], f)) == text.b }
  stale.each_key { |f| warn "interop/vectors/#{f} is stale: run ruby interop/ruby/gen_vectors.rb interop/vectors" }
  exit 1 unless stale.empty?
  puts files.map { |f, text| "#{f}: #{text.lines.size} vectors, identical to Ruby's output" }
else
  files.each { |f, text| File.binwrite(File.join(ARGV.fetch(0), f), text) }
end
