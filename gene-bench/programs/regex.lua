-- regex: twin of regex.gene (Lua 5.4 and LuaJIT), with Lua patterns, which have no
-- alternation or `\b`: `%f[%w]` frontiers stand in for word boundaries, `%w` for `\w` (the
-- text has no `_`), `gmatch` for `.find_all` and `.match_all`, `gsub` for `.replace_all`.
-- Lua patterns are not regular expressions; the answers are the same on this text.
local words = {"running", "jump", "walking", "sing", "quick", "brown", "fox", "reading",
               "lazy", "dog", "swimming", "data"}
local seed = 42
local function draw(n)
  seed = (seed * 69069 + 1) % 2147483648
  return seed % n
end

local function count(text, pattern)
  local n = 0
  for _ in string.gmatch(text, pattern) do
    n = n + 1
  end
  return n
end

local lines = {}
for i = 1, 20000 do
  local user = draw(5000)
  local host = draw(300)
  local page = draw(1000)
  local year = 2000 + draw(30)
  local month = draw(12) + 1
  local day = draw(28) + 1
  local status = draw(600)
  local took = draw(2000)
  local w1 = words[draw(12) + 1]
  local w2 = words[draw(12) + 1]
  lines[i] = string.format("user%d@host%d.com visited /page/%d on %d-%02d-%02d status %d took %dms while %s and %s the data\n",
    user, host, page, year, month, day, status, took, w1, w2)
end
local text = string.rep(table.concat(lines), 5)

local emails = count(text, "(%w+)@(%w+)%.com")
local dates = count(text, "%d%d%d%d%-%d%d%-%d%d")
local ing = count(text, "%f[%w]%w+ing%f[%W]")
local statuses = 0
local total = 0
for a, b in string.gmatch(text, "status (%d+) took (%d+)ms") do
  statuses = statuses + 1
  total = total + tonumber(a) + tonumber(b)
end
local rewritten = string.gsub(text, "(%d%d%d%d)%-(%d%d)%-(%d%d)", "%3/%2/%1")
local swapped = count(rewritten, "%d%d/%d%d/%d%d%d%d")
print(string.format("length=%d emails=%d dates=%d ing=%d", #text, emails, dates, ing))
print(string.format("statuses=%d total=%d rewritten=%d swapped=%d", statuses, total, #rewritten, swapped))
