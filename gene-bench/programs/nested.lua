-- nested: twin of nested.gene (Lua 5.4 and LuaJIT). Numeric for loops stand in for Gene's
-- ranges; matrices are 1-based, the index arithmetic uses the 0-based i, j of the Gene
-- program.
local n = 250

local function make_matrix(n, a, b)
  local rows = {}
  for i = 0, n - 1 do
    local row = {}
    for j = 0, n - 1 do
      row[j + 1] = ((i * a + j * b) % 16) / 8
    end
    rows[i + 1] = row
  end
  return rows
end

local function mat_mul(x, y, n)
  local rows = {}
  for i = 1, n do
    local xi = x[i]
    local row = {}
    for j = 1, n do
      local sum = 0.0
      for k = 1, n do
        sum = sum + xi[k] * y[k][j]
      end
      row[j] = sum
    end
    rows[i] = row
  end
  return rows
end

-- The checksum is an exact multiple of 1/64, so six decimals show it exactly; this prints
-- it in the shortest form with at least one decimal, as Gene, Python and Ruby print floats.
local function show_float(x)
  local s = string.format("%.6f", x):gsub("0+$", "")
  if s:sub(-1) == "." then
    s = s .. "0"
  end
  return s
end

local a = make_matrix(n, 7, 3)
local b = make_matrix(n, 5, 11)
local c = mat_mul(a, b, n)

local checksum = 0.0
for i = 0, n - 1 do
  local ci = c[i + 1]
  for j = 0, n - 1 do
    checksum = checksum + ci[j + 1] * ((i + j * 2) % 7 + 1)
  end
end
print("checksum " .. show_float(checksum))
