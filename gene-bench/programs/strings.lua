-- strings: twin of strings.gene (Lua 5.4 and LuaJIT). `..` stands in for `.append`,
-- `table.concat` for `.join`, and `gmatch` for `.split` (Lua has no split); empty records
-- are skipped as in the Gene program.
local n = tonumber(arg[1]) or 400000
local chunks = {}
local chunk = ""
local i = 0
while i < n do
  chunk = chunk .. string.format("k%d=%d,", i, (i * 7919) % 10007)
  if i % 100 == 99 then
    chunks[#chunks + 1] = chunk
    chunk = ""
  end
  i = i + 1
end
chunks[#chunks + 1] = chunk
local text = table.concat(chunks, "")

local records = 0
local bad = 0
local sum = 0
for item in string.gmatch(text, "([^,]*),") do
  if item ~= "" then
    local key, value = string.match(item, "^([^=]*)=(.*)$")
    if key ~= "k" .. string.format("%d", records) then
      bad = bad + 1
    end
    sum = sum + tonumber(value)
    records = records + 1
  end
end
print(string.format("length=%d records=%d bad=%d sum=%d", #text, records, bad, sum))
