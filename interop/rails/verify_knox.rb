# Reverse interop for `rails-signed` and `rails-encrypted`: knox signs, Rails 6.1's real cookie
# jars read the cookie; and the knox CLI (verify, decode, crack) on cookies Rails wrote.
#   ruby verify_knox.rb TOKEN_INTEROP_SIGN KNOX
require "json"
require "open3"
require "tempfile"
require_relative "rails_jar"

HELPER, KNOX = ARGV.fetch(0), ARGV.fetch(1)
$failures = 0
$checks = 0

def check(name, ok, detail = "")
  $checks += 1
  return if ok

  $failures += 1
  warn "FAIL #{name} #{detail}"
end

# ---- knox signs, Rails reads ------------------------------------------------------------------
VALUE = { "session_id" => "abc123", "user_id" => 42, "name" => "Zoë <b>&", "roles" => ["admin"],
          "f" => [1.5, 100.0, 1e20], "nil" => nil, "t" => true, "sep" => "a\u2028b" }.freeze
NOW = Time.now.to_i
cases = [
  # name, format, kind, options, value, jar options, cookie read
  ["signed", "rails-signed", :signed, { "cookie_name" => "user" }, VALUE, {}, "user"],
  ["signed-expiring", "rails-signed", :signed, { "cookie_name" => "user", "expires" => NOW + 3600 }, VALUE, {}, "user"],
  ["signed-scalar", "rails-signed", :signed, { "cookie_name" => "n" }, 7, {}, "n"],
  ["signed-no-metadata", "rails-signed", :signed, {}, VALUE, {}, "anything"],
  ["signed-sha256-keygen", "rails-signed", :signed, { "cookie_name" => "user", "digest" => "sha256" }, VALUE,
   { digest: "sha256" }, "user"],
  ["encrypted", "rails-encrypted", :encrypted, { "cookie_name" => "_app_session" }, VALUE, {}, "_app_session"],
  ["encrypted-expiring", "rails-encrypted", :encrypted, { "cookie_name" => "_app_session", "expires" => NOW + 60 }, VALUE,
   {}, "_app_session"],
  ["encrypted-sha256-keygen", "rails-encrypted", :encrypted, { "cookie_name" => "s", "digest" => "sha256" },
   "text", { digest: "sha256" }, "s"],
]
requests = cases.map do |_, format, _, options, value, _, _|
  JSON.generate("format" => format, "options" => { "secrets" => ["knox secret base"] }.merge(options),
                "input" => JSON.generate(value))
end
out, status = Open3.capture2(HELPER, stdin_data: requests.join("\n") + "\n")
raise "token_interop_sign failed" unless status.success?

out.lines.zip(cases).each do |line, (name, _, kind, _, value, jar, cookie)|
  answer = JSON.parse(line)
  next check("sign-#{name}", false, answer["error"]) unless answer["token"]

  got = RailsJar.read(kind, cookie, answer["token"], ["knox secret base"], **jar)
  check("rails-reads-#{name}", got == value, "#{got.inspect} != #{value.inspect}")
  other = RailsJar.read(kind, cookie, answer["token"], ["other secret"], **jar)
  check("rails-refuses-wrong-key-#{name}", other.nil?, other.inspect)
  next unless cookie != "anything"

  elsewhere = RailsJar.read(kind, "#{cookie}_other", answer["token"], ["knox secret base"], **jar)
  check("rails-refuses-other-cookie-#{name}", elsewhere.nil?, elsewhere.inspect)
end

# ---- knox CLI on cookies Rails wrote ----------------------------------------------------------
def knox(*args)
  Open3.capture3(KNOX, *args)
end

def parsed(text)
  JSON.parse(text)
rescue JSON::ParserError
  {}
end

session = { "session_id" => "abc", "user_id" => 1 }
gcm = RailsJar.write(:encrypted, "_app_session", { value: session }, ["old base"])
o, _, st = knox("token", "verify", "--format", "rails-encrypted", "--secret", "new base", "--secret", "old base",
                "--cookie-name", "_app_session", "--json", gcm)
res = parsed(o)
check("cli-verify-rotation", st.exitstatus == 0 && res["ok"] && res["key_index"] == 1 &&
      res["value"] == session, o)
o, _, st = knox("token", "verify", "--format", "rails-encrypted", "--secret", "old base", "--cookie-name", "other",
                "--json", gcm)
check("cli-verify-other-cookie", st.exitstatus == 1 && parsed(o)["error"] == "bad-signature", o)
expired = RailsJar.write(:signed, "remember", { value: 5, expires: Time.utc(2030, 1, 1) }, ["base"])
o, _, st = knox("token", "verify", "--format", "rails-signed", "--secret", "base", "--cookie-name", "remember",
                "--now", "1900000000", "--json", expired)
check("cli-verify-expired", st.exitstatus == 1 && parsed(o)["error"] == "expired", o)
o, _, st = knox("token", "verify", "--format", "rails-signed", "--secret", "base", "--cookie-name", "remember",
                "--now", "1800000000", "--json", expired)
check("cli-verify-before-expiry", st.exitstatus == 0 && parsed(o)["value"] == 5, o)
o, _, st = knox("token", "decode", "--json", expired)
res = parsed(o)
check("cli-decode-signed", st.exitstatus == 0 && res["format"] == "rails-signed" && res["payload"] == 5, o)
o, _, st = knox("token", "decode", "--json", gcm)
res = parsed(o)
check("cli-decode-encrypted", st.exitstatus == 0 && res["format"] == "rails-encrypted", o)
_, e, st = knox("token", "verify", "--format", "rails-signed", "--sep", "x", "--secret", "s", expired)
check("cli-sep-is-usage-error", st.exitstatus == 2 && e.include?("--sep"), e)

weak_gcm = RailsJar.write(:encrypted, "_app_session", { value: session }, ["changeme"])
weak_gcm7 = RailsJar.write(:encrypted, "_app_session", { value: session }, ["letmein"], digest: "sha256")
weak_rails7 = RailsJar.write(:signed, "user", { value: 1 }, ["secret"], digest: "sha256")
weak_signed = RailsJar.write(:signed, "user", { value: 2 }, ["hunter2"])
weak_hmac256 = RailsJar.write(:signed, "user", { value: 3 }, ["qwerty"], signed_digest: "SHA256")
weak_cbc = RailsJar.write(:encrypted, "_app_session", { value: session }, ["password"], authenticated: false)
# Every crack runs the fast engine (PBKDF2 in SIMD lanes; the JSON names the engine) and finds what
# the generic engine (KNOX_CRACK_ENGINE=generic) finds; without --format, other formats that read
# the cookie may add generic targets.
Tempfile.create("wordlist") do |f|
  f.write("wrong\nsecret\nchangeme\npassword\nhunter2\nqwerty\nletmein\nlater\n")
  f.flush
  [[weak_gcm, "rails-encrypted", "changeme"], [weak_gcm7, "rails-encrypted", "letmein"],
   [weak_rails7, "rails-signed", "secret"], [weak_signed, "rails-signed", "hunter2"],
   [weak_hmac256, "rails-signed", "qwerty"], [weak_cbc, "rails-encrypted", "password"]].each do |token, format, secret|
    [["--format", format], []].each do |extra|
      name = "crack-#{format}-#{secret}#{extra.join}"
      o, e, st = knox("crack", token, "--wordlist", f.path, "--json", "--show-secret", *extra)
      res = parsed(o)
      check(name, st.exitstatus == 0 && res["found"] && res["format"] == format && res["secret"] == secret, o + e)
      engine = res["engine"].to_s
      check("#{name}-on-lanes", extra.empty? ? engine.start_with?("fast/") : engine.match?(%r{\Afast/[a-z0-9]+\z}), o)
      o, e, st = Open3.capture3({ "KNOX_CRACK_ENGINE" => "generic" }, KNOX, "crack", token, "--wordlist", f.path,
                                "--json", "--show-secret", *extra)
      gen = parsed(o)
      check("#{name}-generic-agrees", st.exitstatus == 0 && gen["engine"] == "generic" &&
            gen["format"] == res["format"] && gen["secret"] == res["secret"], o + e)
    end
  end
end
o, e, st = knox("crack", weak_gcm, "--wordlist", "/dev/null", "--json")
check("crack-not-found", st.exitstatus == 1 && parsed(o)["found"] == false, o + e)
_, e, st = knox("crack", weak_gcm, "--format", "rails-encrypted", "--digest", "md5", "--wordlist", "/dev/null")
check("crack-bad-digest", st.exitstatus == 2, e)

if $failures.zero?
  puts "rails: #{$checks} checks, real Rails and knox agree"
else
  warn "rails: #{$failures} of #{$checks} checks failed"
  exit 1
end
