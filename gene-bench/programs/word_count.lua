-- word_count: twin of word_count.gene (Lua 5.4 and LuaJIT). Lua has no split, so the text
-- is cut at each space found with string.find; the counts live in a table keyed by word.
local syllables = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi",
                   "be", "do", "fu", "ga", "hi", "ju", "pe", "so"}
local n = 900000
local seed = 7
local words = {}
for i = 1, n do
  seed = (seed * 16807) % 2147483647
  local parts = (seed % 3) + 1
  local word = ""
  for _ = 1, parts do
    seed = (seed * 16807) % 2147483647
    local s = seed % 16
    word = word .. syllables[s + 1]
  end
  words[i] = word
end
local text = table.concat(words, " ")

local counts = {}
local total, distinct = 0, 0
local start = 1
local len = #text
while start <= len + 1 do
  local stop = string.find(text, " ", start, true) or (len + 1)
  local w = string.sub(text, start, stop - 1)
  local c = counts[w]
  if c then
    counts[w] = c + 1
  else
    counts[w] = 1
    distinct = distinct + 1
  end
  total = total + 1
  start = stop + 1
end

-- the ten most frequent words, by count and then by word, one pass over the map for each
local taken = {}
for rank = 1, 10 do
  local best = nil
  local best_count = 0
  for w, c in pairs(counts) do
    if not taken[w] then
      if c > best_count or (c == best_count and w < best) then
        best = w
        best_count = c
      end
    end
  end
  taken[best] = true
  print(string.format("%d %s %d", rank, best, best_count))
end
print(string.format("words %d distinct %d length %d", total, distinct, #text))
