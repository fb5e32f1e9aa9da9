-- wrk script of welcome-load.sh: each request a NewsletterSubscribed event of its own contact,
-- w-<OFFSET + THREADS * n + thread index>; each connection waits DELAY ms after an answer before its next request.
local threads = {}
function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end
function init(args)
  counter = 0
  prefix = args[1] or "run"
  offset = tonumber(os.getenv("OFFSET")) or 0
  stride = tonumber(os.getenv("THREADS")) or 2
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("AUTH_BASIC")
function request()
  counter = counter + 1
  local n = offset + stride * counter + index
  local body = string.format('{"eventId":"%s-%d","type":"NewsletterSubscribed","contactId":"w-%d","occurredAt":"%s","data":{"source":"checkout"}}', prefix, n, n, os.date("!%Y-%m-%dT%H:%M:%SZ"))
  return wrk.format(nil, "/api/events", nil, body)
end
function delay()
  return tonumber(os.getenv("DELAY")) or 0
end
