-- loop: twin of loop.gene (Lua 5.4 and LuaJIT). A while loop, as in the Gene program,
-- not a numeric for. The sum fits a double exactly, so LuaJIT agrees with Lua 5.4.
local n = tonumber(arg[1]) or 50000000
local sum = 0
local i = 0
while i < n do
  sum = sum + i
  i = i + 1
end
print(string.format("%d", sum))
