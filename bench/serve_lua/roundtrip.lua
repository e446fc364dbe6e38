-- wrk script of bench/serve_compare: full session round trips, POST /login -> GET /me ->
-- POST /logout, each step using the cookie the login set. Run it with one connection per wrk
-- thread (-c equal to -t): the steps are a per-thread state machine, which is per-connection only
-- then. Counts answers other than 200 and completed round trips.
local threads = {}
function setup(thread) table.insert(threads, thread) end

function init(args)
  step, cookie, errors, loops = 0, "", 0, 0
end

function request()
  if step == 0 then
    return wrk.format("POST", "/login", {["Content-Type"] = "application/x-www-form-urlencoded"},
                      "username=alice&password=wonderland")
  elseif step == 1 then
    return wrk.format("GET", "/me", {["Cookie"] = cookie})
  end
  return wrk.format("POST", "/logout", {["Cookie"] = cookie})
end

function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
  if step == 0 then
    local set_cookie = headers["Set-Cookie"] or headers["set-cookie"]
    if set_cookie then cookie = set_cookie:match("^([^;]+)") else errors = errors + 1 end
  end
  step = (step + 1) % 3
  if step == 0 then loops = loops + 1 end
end

function done(summary, latency, requests)
  local e, l = 0, 0
  for _, t in ipairs(threads) do
    e = e + t:get("errors")
    l = l + t:get("loops")
  end
  io.write(string.format("BENCH_ERRORS %d\nBENCH_LOOPS %d\n", e, l))
end
