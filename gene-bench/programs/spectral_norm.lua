-- spectral_norm: twin of spectral_norm.gene (Lua 5.4 and LuaJIT). Arrays start at 1, so
-- element k lives at u[k + 1].
local sqrt, floor = math.sqrt, math.floor

local function a_elem(i, j)
  local ij = i + j
  return 1.0 / ((((ij * (ij + 1)) / 2) + i) + 1)
end

-- out = A u
local function mul_av(n, u, out)
  for i = 0, n - 1 do
    local sum = 0.0
    for j = 0, n - 1 do
      sum = sum + a_elem(i, j) * u[j + 1]
    end
    out[i + 1] = sum
  end
end

-- out = A^T u
local function mul_atv(n, u, out)
  for i = 0, n - 1 do
    local sum = 0.0
    for j = 0, n - 1 do
      sum = sum + a_elem(j, i) * u[j + 1]
    end
    out[i + 1] = sum
  end
end

local function mul_atav(n, u, out, tmp)
  mul_av(n, u, tmp)
  mul_atv(n, tmp, out)
end

-- x to nine decimals, rounding halves up, the same way in every twin.
local function fmt9(x)
  local sign = ""
  if x < 0 then
    sign = "-"
    x = -x
  end
  local n = floor((x * 1000000000) + 0.5)
  local frac = n % 1000000000
  local whole = (n - frac) / 1000000000
  return string.format("%s%d.%09d", sign, whole, frac)
end

local function filled(n, x)
  local a = {}
  for i = 1, n do
    a[i] = x
  end
  return a
end

local n = 500
local u = filled(n, 1.0)
local v = filled(n, 0.0)
local tmp = filled(n, 0.0)
for _ = 1, 10 do
  mul_atav(n, u, v, tmp)
  mul_atav(n, v, u, tmp)
end
local vbv, vv = 0.0, 0.0
for i = 1, n do
  vbv = vbv + u[i] * v[i]
  vv = vv + v[i] * v[i]
end
print(fmt9(sqrt(vbv / vv)))
