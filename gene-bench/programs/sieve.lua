-- sieve: twin of sieve.gene (Lua 5.4 and LuaJIT). Lua arrays start at 1, so the flag for
-- the number k lives at is_prime[k + 1].
local n = tonumber(arg[1]) or 5000000
local is_prime = {}
local i = 0
while i < n do
  is_prime[i + 1] = true
  i = i + 1
end
is_prime[1] = false
is_prime[2] = false

local p = 2
while p * p < n do
  if is_prime[p + 1] then
    local m = p * p
    while m < n do
      is_prime[m + 1] = false
      m = m + p
    end
  end
  p = p + 1
end

local count = 0
for k = 1, #is_prime do
  if is_prime[k] then
    count = count + 1
  end
end
print(string.format("%d", count))
