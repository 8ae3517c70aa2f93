-- objects: twin of objects.gene (Lua 5.4 and LuaJIT): a class as a metatable.
local Vec2 = {}
Vec2.__index = Vec2

function Vec2.new(x, y)
  return setmetatable({x = x, y = y}, Vec2)
end

function Vec2:add(other) return Vec2.new(self.x + other.x, self.y + other.y) end
function Vec2:scale(k) return Vec2.new(self.x * k, self.y * k) end
function Vec2:dot(other) return self.x * other.x + self.y * other.y end

local function run(n)
  local acc = Vec2.new(0, 0)
  local step = Vec2.new(1, 2)
  local checksum = 0
  local i = 0
  while i < n do
    local v = acc:add(step):scale(1)
    checksum = (checksum + v:dot(step)) % 1000003
    acc = v
    i = i + 1
  end
  return checksum, acc.x, acc.y
end

local c, x, y = run(2000000)
print(string.format("[%d %d %d]", c, x, y))
