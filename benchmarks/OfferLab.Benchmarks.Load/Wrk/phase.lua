-- One wrk script for every phase, so that the load generator costs the same in each and the ratios
-- to the bare endpoint are fair. Arguments (after `--`): mode run-id file experiment threads
--   mode: bare | new | repeat | outcome | returning; run-id: makes generated ids unique across runs;
--   file: "-" or a file of lines ("customerId sessionId" for repeat and returning, one token per line for outcome).
--   returning: a pool customer opens a new session (its pool session id, then a generated suffix).
-- Every response is counted by status class; every 50th is checked for the phase's expected answer.
-- done() prints one OFFERLAB-WRK line that the benchmark parses (latencies in microseconds).

-- OFFERLAB_THINK_MS (environment): each connection waits this long after an answer before its next request, for a
-- load below saturation. wrk decides at script load whether delay() exists, so it is defined only when asked for.
local think = tonumber(os.getenv("OFFERLAB_THINK_MS") or "0") or 0
if think > 0 then
  function delay()
    return think
  end
end

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local mode, run, experiment
local lines = {}
local position, sequence = 0, 0
local expect
local checks = { bare = "^Healthy$", new = '"reason"%s*:%s*"assigned"', ["repeat"] = '"reason"%s*:%s*"sticky"', outcome = '"recorded"%s*:%s*true' }
checks.returning = checks.new

function init(args)
  mode, run, experiment = args[1], args[2], args[4]
  expect = checks[mode]
  if expect == nil then
    error("unknown mode " .. tostring(mode))
  end
  if args[3] ~= "-" then
    for line in io.lines(args[3]) do
      lines[#lines + 1] = line
    end
    -- Threads start at different places in the pool, so they do not ask for the same session together.
    position = math.floor((tid - 1) * #lines / tonumber(args[5]))
  end
  s2xx, s4xx, s5xx, sother, checked, mismatched, mismatch = 0, 0, 0, 0, 0, 0, ""
  wrk.headers["Content-Type"] = "application/json"
end

local function next_line()
  position = position % #lines + 1
  return lines[position]
end

-- The assign every assign phase sends (HotPathRequests.Assign on the C# side): a burger cart of a gold customer.
local function assign(customer, session)
  return wrk.format("POST", "/v1/assign", nil, string.format(
    '{"customerId":"%s","sessionId":"%s","experiment":"%s","cart":{"skus":["BURGER-CLASSIC"],"categories":["burgers"]},"attributes":{"tier":"gold"}}',
    customer, session, experiment))
end

function request()
  sequence = sequence + 1
  if mode == "bare" then
    return wrk.format("GET", "/health/live")
  elseif mode == "new" then
    local id = run .. "-" .. tid .. "-" .. sequence
    return assign("c-" .. id, "s-" .. id)
  elseif mode == "repeat" or mode == "returning" then
    local customer, session = next_line():match("^(%S+) (%S+)$")
    if mode == "returning" then
      session = session .. "-" .. run .. "-" .. tid .. "-" .. sequence
    end
    return assign(customer, session)
  else
    return wrk.format("POST", "/v1/outcomes", nil, string.format(
      '{"token":"%s","kind":"accept","value":2.49,"idempotencyKey":"k-%s-%d-%d"}',
      next_line(), run, tid, sequence))
  end
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    s2xx = s2xx + 1
  elseif status >= 400 and status < 500 then
    s4xx = s4xx + 1
  elseif status >= 500 then
    s5xx = s5xx + 1
  else
    sother = sother + 1
  end
  if (s2xx + s4xx + s5xx + sother) % 50 == 1 then
    checked = checked + 1
    if status ~= 200 or not string.find(body or "", expect) then
      mismatched = mismatched + 1
      if mismatch == "" then
        mismatch = status .. " " .. string.gsub(string.sub(body or "", 1, 300), "%s", " ")
      end
    end
  end
end

function done(summary, latency, requests)
  local total = { s2xx = 0, s4xx = 0, s5xx = 0, sother = 0, checked = 0, mismatched = 0 }
  local first = ""
  for _, thread in ipairs(threads) do
    for name, _ in pairs(total) do
      total[name] = total[name] + thread:get(name)
    end
    if first == "" then
      first = thread:get("mismatch")
    end
  end
  local e = summary.errors
  io.write(string.format(
    "OFFERLAB-WRK requests=%d duration_us=%d p50_us=%d p99_us=%d s2xx=%d s4xx=%d s5xx=%d other=%d checked=%d mismatched=%d socket_errors=%d timeouts=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    total.s2xx, total.s4xx, total.s5xx, total.sother, total.checked, total.mismatched,
    e.connect + e.read + e.write, e.timeout))
  if first ~= "" then
    io.write("OFFERLAB-WRK-MISMATCH " .. first .. "\n")
  end
end
