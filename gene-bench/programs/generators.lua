-- generators: twin of generators.gene (Lua 5.4 and LuaJIT): coroutines as generators.
local function numbers(n)
  return coroutine.wrap(function()
    local i = 0
    while i < n do
      coroutine.yield(i)
      i = i + 1
    end
  end)
end

local function not_thirds(source)
  return coroutine.wrap(function()
    for x in source do
      if x % 3 ~= 0 then coroutine.yield(x) end
    end
  end)
end

local function squares_mod(source)
  return coroutine.wrap(function()
    for x in source do
      coroutine.yield((x * x) % 1000)
    end
  end)
end

local total = 0
for v in squares_mod(not_thirds(numbers(3000000))) do
  total = total + v
end
print(total)
