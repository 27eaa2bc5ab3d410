-- wrk script: POST one form body per line of FILE, each line used once, split between threads.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local n = tonumber(os.getenv("THREADS") or "2")
  bodies = {}
  local i = 0
  for line in io.lines(os.getenv("FILE")) do
    if i % n == id then table.insert(bodies, line) end
    i = i + 1
  end
  next_body = 1
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  local body = bodies[next_body]
  if body == nil then
    -- Out of fresh lines: stop this thread's load by sending a cheap request.
    return wrk.format("GET", "/health/live")
  end
  next_body = next_body + 1
  return wrk.format(nil, nil, nil, body)
end
