-- wrk: every request carries the next token of BENCH_TOKENS (one per line), so each request is a
-- different user; prints one machine-readable line at the end.
local tokens = {}
local next_index = 1

function init(args)
    for line in io.lines(os.getenv("BENCH_TOKENS")) do
        tokens[#tokens + 1] = line
    end
    -- Each thread starts at its own place in the list.
    math.randomseed(os.time() + math.floor(os.clock() * 1000000))
    next_index = math.random(#tokens)
end

function request()
    next_index = next_index % #tokens + 1
    return wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. tokens[next_index] })
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("BENCH requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
        summary.requests,
        summary.requests / (summary.duration / 1000000),
        latency:percentile(50) / 1000,
        latency:percentile(99) / 1000,
        e.connect + e.read + e.write + e.status + e.timeout))
end
