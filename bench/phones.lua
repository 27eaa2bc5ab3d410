-- wrk script: POST connect/sms/start with a new phone number per request (unique per thread).
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  n = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  prefix = os.getenv("BODY")
  base = tonumber(os.getenv("PHONE_BASE") or "0")
end

function request()
  n = n + 1
  -- +1 415 555 xxxx and neighbouring valid US mobile ranges, thread id in the high digits.
  local serial = base + id * 500000 + n
  local area = ({"415", "650", "408", "510", "628", "707", "925", "669"})[(serial // 10000) % 8 + 1]
  local exchange = 200 + (serial // 80000) % 700
  local phone = string.format("%%2B1%s%03d%04d", area, exchange, serial % 10000)
  return wrk.format(nil, nil, nil, prefix .. "&phone_number=" .. phone)
end
