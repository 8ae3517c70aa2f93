-- particles: twin of particles.gene (Lua 5.4 and LuaJIT): classes as metatables, `super`
-- as a call through the parent table.
local Particle = {}
Particle.__index = Particle

function Particle.init(self, x, v)
  self.x = x
  self.v = v
  return self
end
function Particle.new(x, v) return Particle.init(setmetatable({}, Particle), x, v) end
function Particle:step() self.x = (self.x + self.v) % 10007 end
function Particle:energy() return self.v * self.v end

local Heavy = setmetatable({}, {__index = Particle})
Heavy.__index = Heavy
function Heavy.init(self, x, v, m)
  Particle.init(self, x, v)
  self.m = m
  return self
end
function Heavy.new(x, v, m) return Heavy.init(setmetatable({}, Heavy), x, v, m) end
function Heavy:step()
  Particle.step(self)
  self.x = (self.x + self.m) % 10007
end
function Heavy:energy() return self.m * Particle.energy(self) end

local Bouncy = setmetatable({}, {__index = Heavy})
Bouncy.__index = Bouncy
function Bouncy.new(x, v)
  local self = Heavy.init(setmetatable({}, Bouncy), x, v, 2)
  self.bounces = 0
  return self
end
function Bouncy:step()
  Heavy.step(self)
  if self.x > 9000 then
    self.v = 1
    self.bounces = self.bounces + 1
  end
  if self.x < 100 then
    self.v = 5
  end
end

local function make(n)
  local all = {}
  for i = 0, n - 1 do
    local kind = i % 3
    if kind == 0 then
      all[#all + 1] = Particle.new(i, (i % 7) + 1)
    elseif kind == 1 then
      all[#all + 1] = Heavy.new(i, (i % 5) + 1, 3)
    else
      all[#all + 1] = Bouncy.new(i, (i % 11) + 1)
    end
  end
  return all
end

local function simulate(all, steps)
  for _ = 1, steps do
    for k = 1, #all do
      all[k]:step()
    end
  end
  local checksum, energy = 0, 0
  for k = 1, #all do
    local p = all[k]
    checksum = (checksum * 31 + p.x) % 1000003
    energy = energy + p:energy()
  end
  return checksum, energy
end

local c, e = simulate(make(300), 10000)
print(string.format("[%d %d]", c, e))
