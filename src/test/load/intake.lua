-- wrk script of intake-load.sh: TARGET=relance posts a BenchmarkPing event to /api/events (a one-step process),
-- TARGET=bare the same start message to bare Camunda's /engine-rest/message, TARGET=bare-waiting (welcome-load.sh's
-- reference) the message starting bare Camunda's process that waits on a timer; each request for one of CONTACTS
-- contacts (i-0 ... i-<CONTACTS - 1>), each event id unique (the run's name, the wrk thread, a counter).
local threads = {}
function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end
function init(args)
  counter = 0
  prefix = args[1] or "run"
  target = os.getenv("TARGET") or "relance"
  contacts = tonumber(os.getenv("CONTACTS")) or 500
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if string.sub(os.getenv("TARGET") or "relance", 1, 4) ~= "bare" and os.getenv("AUTH_BASIC") then
  wrk.headers["Authorization"] = "Basic " .. os.getenv("AUTH_BASIC")
end
function request()
  counter = counter + 1
  local contact = string.format("i-%d", (counter * 7 + index) % contacts)
  if target == "bare" or target == "bare-waiting" then
    local message = target == "bare" and "BenchmarkPingBare" or "BenchmarkPingBareWaiting"
    local body = string.format('{"messageName":"%s","businessKey":"%s","processVariables":'
      .. '{"source":{"value":"bench","type":"String"},"amount":{"value":42.5,"type":"Double"}}}', message, contact)
    return wrk.format(nil, "/engine-rest/message", nil, body)
  end
  local body = string.format('{"eventId":"%s-%d-%d","type":"BenchmarkPing","contactId":"%s",'
    .. '"occurredAt":"2026-11-23T10:00:00Z","data":{"source":"bench","amount":42.5}}', prefix, index, counter, contact)
  return wrk.format(nil, "/api/events", nil, body)
end
