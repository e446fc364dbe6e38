-- wrk script of bench/serve_compare: GET /me with a logged-in session cookie (BENCH_COOKIE,
-- "name=value"). Counts answers other than 200, so that a broken session cannot pass as fast.
wrk.method = "GET"
wrk.path = "/me"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) errors = 0 end
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
function done(summary, latency, requests)
  local e = 0
  for _, t in ipairs(threads) do e = e + t:get("errors") end
  io.write(string.format("BENCH_ERRORS %d\n", e))
end
