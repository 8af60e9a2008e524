-- wrk script: every request asks for the next of N subjects, so a cache keyed on the subject misses until the
-- round comes back (N = 2,000 by default, far more than one round of a 10-second run at these rates).
--   MATCHPUNT_BENCH_PATH="/kandidaten/K%05d" wrk -s benchmarks/rotate.lua ... http://127.0.0.1:PORT
local n = 0
local count = tonumber(os.getenv("MATCHPUNT_BENCH_ROTATE") or "2000")
local pattern = os.getenv("MATCHPUNT_BENCH_PATH") or "/kandidaten/K%05d"

request = function()
  n = n % count + 1
  return wrk.format(nil, string.format(pattern, n))
end
