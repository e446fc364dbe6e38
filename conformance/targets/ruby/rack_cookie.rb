# rack-cookie-insecure: Rack 2.2's Rack::Session::Cookie with its defaults and a weak secret.
#
# Intended flaws: `secret: "change_me"` (the example of Rack's own Rack::Session::Cookie
# documentation, in knox's bundled list); the default coder Rack::Session::Cookie::Base64::Marshal
# (Marshal, base64, "--" + HMAC-SHA1 hex), so `user` and `role` are readable by anyone; no Secure
# (Rack's default secure: false), no SameSite (Rack's default: none). Rack's default HttpOnly is
# kept. Logout is `session.clear`: Rack answers with a new cookie value holding only the
# session_id, but nothing on the server forgets the old value, which replayed still logs in.
require_relative "common"

args = KnoxTarget.parse_args(ARGV, "rack-cookie-insecure: Rack::Session::Cookie, weak secret")

app = Rack::Builder.new do
  use Rack::Session::Cookie, key: "rack.session", secret: "change_me"

  run(lambda do |env|
    req = Rack::Request.new(env)
    session = req.session
    json = ->(status, body) { [status, { "Content-Type" => "application/json" }, [JSON.generate(body)]] }
    case [req.request_method, req.path_info]
    when ["GET", "/"]
      [200, { "Content-Type" => "text/plain" },
       ["rack-cookie-insecure: POST /login, GET /me, POST /logout\n"]]
    when ["POST", "/login"]
      username, password = KnoxTarget.credentials(req)
      next json.call(401, { error: "bad credentials" }) unless KnoxTarget.credentials_ok?(username, password)
      session["user"] = username
      session["role"] = "admin"
      json.call(200, { ok: true, user: username })
    when ["GET", "/me"]
      next json.call(401, { error: "not logged in" }) unless session["user"]
      json.call(200, { user: session["user"], role: session["role"] })
    when ["POST", "/logout"]
      session.clear # a new cookie value, but the old one is still valid: nothing is kept server-side
      json.call(200, { ok: true })
    else
      json.call(404, { error: "not found" })
    end
  end)
end

KnoxTarget.serve(app, args)
