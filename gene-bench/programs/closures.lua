-- closures: twin of closures.gene (Lua 5.4 and LuaJIT).
local function my_map(arr, f)
  local out = {}
  for k = 1, #arr do
    out[#out + 1] = f(arr[k])
  end
  return out
end

local function my_filter(arr, keep)
  local out = {}
  for k = 1, #arr do
    local x = arr[k]
    if keep(x) then
      out[#out + 1] = x
    end
  end
  return out
end

local function my_reduce(arr, init, f)
  local acc = init
  for k = 1, #arr do
    acc = f(acc, arr[k])
  end
  return acc
end

local data = {}
local i = 0
while i < 100000 do
  data[#data + 1] = i
  i = i + 1
end

local checksum = 0
local kept = 0
local rnd = 0
while rnd < 30 do
  local scaled = my_map(data, function(x) return x * 3 + rnd end)
  local odd = my_filter(scaled, function(x) return x % 2 == 1 end)
  kept = kept + #odd
  checksum = checksum + my_reduce(odd, rnd, function(acc, x) return acc + x % 1000 end)
  rnd = rnd + 1
end

print(string.format("kept %d checksum %d", kept, checksum))
