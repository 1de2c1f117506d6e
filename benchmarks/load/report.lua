-- SPDX-License-Identifier: Apache-2.0
-- wrk script for the load runs. WRK_MODE: plaintext (GET /plaintext), pipeline (GET /plaintext,
-- WRK_DEPTH requests per write, 16 by default as in TechEmpower's plaintext test) or echo
-- (POST /echo with WRK_BODY bytes, 1024 by default). Ends with one line:
--   WRKRESULT requests=N secs=S rps=R p50_us=.. p90_us=.. p99_us=.. max_us=.. errors=E non2xx=N
local mode = os.getenv("WRK_MODE") or "plaintext"

if mode == "pipeline" then
  local depth = tonumber(os.getenv("WRK_DEPTH") or "16")
  local batch
  function init(args)
    local one = wrk.format("GET", "/plaintext")
    batch = string.rep(one, depth)
  end
  function request()
    return batch
  end
elseif mode == "echo" then
  wrk.method = "POST"
  wrk.path = "/echo"
  wrk.headers["Content-Type"] = "application/octet-stream"
  wrk.body = string.rep("a", tonumber(os.getenv("WRK_BODY") or "1024"))
else
  wrk.method = "GET"
  wrk.path = "/plaintext"
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1000000
  io.write(string.format("WRKRESULT requests=%d secs=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
      "errors=%d non2xx=%d\n",
      summary.requests, secs, summary.requests / secs,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      e.connect + e.read + e.write + e.timeout, e.status))
end
