-- quicksort: twin of quicksort.gene (Lua 5.4 and LuaJIT). The array is indexed from 0, as
-- in the other twins (index 0 of a Lua table is an ordinary key); LuaJIT has no `//`, so
-- the middle index is math.floor of a division, exact at these sizes.
local floor = math.floor

local function qsort(a, lo, hi)
  local i, j = lo, hi
  local pivot = a[floor((lo + hi) / 2)]
  while i <= j do
    while a[i] < pivot do
      i = i + 1
    end
    while a[j] > pivot do
      j = j - 1
    end
    if i <= j then
      local t = a[i]
      a[i] = a[j]
      a[j] = t
      i = i + 1
      j = j - 1
    end
  end
  if lo < j then
    qsort(a, lo, j)
  end
  if i < hi then
    qsort(a, i, hi)
  end
end

local n = 1000000
local seed = 42
local a = {}
for k = 0, n - 1 do
  seed = (seed * 16807) % 2147483647
  a[k] = seed % 1000000
end
qsort(a, 0, n - 1)
local unordered, checksum = 0, 0
for k = 0, n - 1 do
  if k > 0 and a[k - 1] > a[k] then
    unordered = unordered + 1
  end
  checksum = ((checksum * 31) + a[k]) % 1000003
end
print(string.format("sorted %d unordered %d min %d median %d max %d checksum %d", n, unordered,
  a[0], a[floor(n / 2)], a[n - 1], checksum))
