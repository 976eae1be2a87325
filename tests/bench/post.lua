-- wrk script: POST the scenario in $RIDGELINE_BENCH_BODY to the URL given to wrk, and print the figures the
-- load benchmark reports (throughput, p50 and p99 latency, errors) in a form that is easy to read and to grep.
local path = os.getenv("RIDGELINE_BENCH_BODY")
local f = assert(io.open(path, "rb"), "cannot read " .. tostring(path))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/yaml"

-- 503 answers (the server shedding load, with Retry-After) are counted apart from other errors
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  busy = 0
end
function response(status, headers, body)
  if status == 503 then
    busy = busy + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write("\n-- ridgeline load benchmark --\n")
  io.write(string.format("requests        %d in %.1f s\n", summary.requests, seconds))
  io.write(string.format("throughput      %.1f requests/s\n", summary.requests / seconds))
  io.write(string.format("latency p50     %.1f ms\n", latency:percentile(50) / 1000))
  io.write(string.format("latency p99     %.1f ms\n", latency:percentile(99) / 1000))
  io.write(string.format("latency max     %.1f ms\n", latency.max / 1000))
  local shed = 0
  for _, t in ipairs(threads) do
    shed = shed + t:get("busy")
  end
  io.write(string.format("busy (503)      %d\n", shed))
  local answered = summary.requests - shed - (e.status - shed)
  io.write(string.format("answered (2xx)  %d (%.1f/s)\n", answered, answered / seconds))
  io.write(string.format("errors          %d (non-2xx other than 503 %d, connect %d, read %d, write %d, timeout %d)\n",
    e.status - shed + e.connect + e.read + e.write + e.timeout, e.status - shed, e.connect, e.read, e.write,
    e.timeout))
end
