# Reverse interop for `rack`: knox signs, real Rack 2.2 (Rack::Session::Cookie) reads the cookie;
# and the knox CLI on cookies real Rack wrote (verify with rotation, decode, the weak-secret crack).
#   ruby verify_knox.rb TOKEN_INTEROP_SIGN KNOX
require "json"
require "open3"
require "openssl"
require "tempfile"
require "rack"
require "rack/session/cookie"
require "rack/mock"

HELPER, KNOX = ARGV.fetch(0), ARGV.fetch(1)
DIGESTS = { "sha1" => OpenSSL::Digest::SHA1, "sha256" => OpenSSL::Digest::SHA256,
            "sha512" => OpenSSL::Digest::SHA512 }.freeze
$failures = 0
$checks = 0

def check(name, ok, detail = "")
  $checks += 1
  return if ok

  $failures += 1
  warn "FAIL #{name} #{detail}"
end

# The session the app sees for Cookie: rack.session=TOKEN.
def rack_session(token, secrets, digest)
  seen = nil
  app = lambda do |env|
    seen = env["rack.session"].to_hash
    [200, {}, ["ok"]]
  end
  options = { secret: secrets[0], hmac: DIGESTS.fetch(digest) }
  options[:old_secret] = secrets[1] if secrets[1]
  Rack::MockRequest.new(Rack::Session::Cookie.new(app, options)).get("/", "HTTP_COOKIE" => "rack.session=#{token}")
  seen
end

def plain(value)
  value.is_a?(Rack::Session::SessionId) ? { "public_id" => value.public_id } : value
end

# ---- knox signs, Rack reads ------------------------------------------------------------------
sid_object = { "@ruby" => "Object", "class" => "Rack::Session::SessionId",
               "ivars" => { "@public_id" => { "@ruby" => "String", "encoding" => "US-ASCII",
                                              "base64" => ["9f8e7d6c5b4a"].pack("m0") } } }
cases = [
  ["plain", "sha1", { "session_id" => "abc123", "user" => "alice", "roles" => ["admin", "ops"], "n" => 5,
                      "f" => 1.5, "g" => 100.0, "big" => 12_345_678_901_234_567_890, "u" => "Zoë 日本",
                      "nil" => nil, "t" => true, "nested" => { "a" => [1, { "b" => false }] } },
   { "session_id" => "abc123", "user" => "alice", "roles" => ["admin", "ops"], "n" => 5, "f" => 1.5, "g" => 100.0,
     "big" => 12_345_678_901_234_567_890, "u" => "Zoë 日本", "nil" => nil, "t" => true,
     "nested" => { "a" => [1, { "b" => false }] } }],
  ["session-id-object", "sha1", { "session_id" => sid_object, "user" => "bob" },
   { "session_id" => { "public_id" => "9f8e7d6c5b4a" }, "user" => "bob" }],
  ["sha256", "sha256", { "session_id" => "x", "k" => "v" }, { "session_id" => "x", "k" => "v" }],
  ["sha512", "sha512", { "session_id" => "x", "k" => -2**70 }, { "session_id" => "x", "k" => -2**70 }],
  ["tagged-values", "sha1",
   { "session_id" => "x", "sym_hash" => { "@ruby" => "Hash", "pairs" => [[{ "@ruby" => "Symbol", "name" => "a" }, 1]] },
     "inf" => { "@ruby" => "Float", "value" => "-inf" }, "bin" => { "@ruby" => "String", "encoding" => "ASCII-8BIT", "base64" => "/wA=" } },
   { "session_id" => "x", "sym_hash" => { a: 1 }, "inf" => -Float::INFINITY, "bin" => "\xff\x00".b }],
]
requests = cases.map do |_, digest, value, _|
  JSON.generate("format" => "rack", "options" => { "secrets" => ["knox secret"], "digest" => digest },
                "input" => JSON.generate(value))
end
out, status = Open3.capture2(HELPER, stdin_data: requests.join("\n") + "\n")
raise "token_interop_sign failed" unless status.success?

out.lines.zip(cases).each do |line, (name, digest, _, expected)|
  answer = JSON.parse(line)
  next check("sign-#{name}", false, answer["error"]) unless answer["token"]

  seen = rack_session(answer["token"], ["knox secret"], digest)
  got = seen && seen.transform_values { |v| plain(v) }
  check("rack-reads-#{name}", got == expected, "#{got.inspect} != #{expected.inspect}")
  other = rack_session(answer["token"], ["other secret"], digest)
  check("rack-refuses-wrong-key-#{name}", other == {}, other.inspect)
end

# ---- knox CLI on cookies Rack wrote -----------------------------------------------------------
def rack_cookie(session, secret, digest = "sha1")
  app = lambda do |env|
    session.each { |k, v| env["rack.session"][k] = v }
    [200, {}, ["ok"]]
  end
  mw = Rack::Session::Cookie.new(app, secret: secret, hmac: DIGESTS.fetch(digest))
  Rack::MockRequest.new(mw).get("/")["Set-Cookie"].split(";", 2)[0].split("=", 2)[1]
end

def knox(*args)
  Open3.capture3(KNOX, *args)
end

def parsed(text)
  JSON.parse(text)
rescue JSON::ParserError
  {}
end

old_token = rack_cookie({ "user" => "eve" }, "old secret")
o, _, st = knox("token", "verify", "--format", "rack", "--secret", "new secret", "--secret", "old secret",
                "--json", old_token)
res = parsed(o)
check("cli-verify-rotation", st.exitstatus == 0 && res["ok"] && res["key_index"] == 1 &&
      res.dig("value", "user") == "eve", o)
o, _, st = knox("token", "verify", "--format", "rack", "--secret", "new secret", "--json", old_token)
check("cli-verify-wrong-key", st.exitstatus == 1 && parsed(o)["error"] == "bad-signature", o)
o, _, st = knox("token", "verify", "--format", "rack", "--digest", "sha256", "--secret", "s",
                "--json", rack_cookie({ "u" => 1 }, "s", "sha256"))
check("cli-verify-sha256", st.exitstatus == 0 && parsed(o).dig("value", "u") == 1, o)
_, e, st = knox("token", "verify", "--format", "rack", "--salt", "x", "--secret", "s", old_token)
check("cli-salt-is-usage-error", st.exitstatus == 2 && e.include?("--salt"), e)
o, _, st = knox("token", "decode", "--json", old_token)
res = parsed(o)
check("cli-decode", st.exitstatus == 0 && res["format"] == "rack" && res.dig("payload", "user") == "eve", o)

weak = rack_cookie({ "user_id" => 7, "admin" => true }, "change_me")
Tempfile.create("wordlist") do |f|
  f.write("wrong\nsecret\nchange_me\nlater\n")
  f.flush
  [["--format", "rack"], []].each do |extra|
    o, e, st = knox("crack", weak, "--wordlist", f.path, "--json", "--show-secret", *extra)
    res = parsed(o)
    check("crack#{extra.join}", st.exitstatus == 0 && res["found"] && res["format"] == "rack" &&
          res["secret"] == "change_me", o + e)
  end
end
o, e, st = knox("crack", weak, "--wordlist", "/dev/null", "--json")
check("crack-not-found", st.exitstatus == 1 && parsed(o)["found"] == false, o + e)

if $failures.zero?
  puts "rack: #{$checks} checks, real Rack and knox agree"
else
  warn "rack: #{$failures} of #{$checks} checks failed"
  exit 1
end
