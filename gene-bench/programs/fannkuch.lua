-- fannkuch: twin of fannkuch.gene (Lua 5.4 and LuaJIT). The arrays are indexed from 0, as
-- in the other twins (index 0 of a Lua table is an ordinary key).
local function fannkuch(n)
  local perm1, perm, count = {}, {}, {}
  for i = 0, n - 1 do
    perm1[i] = i
    perm[i] = 0
    count[i] = 0
  end
  local checksum, max_flips, perm_count = 0, 0, 0
  local r = n
  local done = false
  while not done do
    while r ~= 1 do
      r = r - 1
      count[r] = r + 1
    end
    for i = 0, n - 1 do
      perm[i] = perm1[i]
    end
    local flips = 0
    local k = perm[0]
    while k ~= 0 do
      local lo, hi = 0, k
      while lo < hi do
        local t = perm[lo]
        perm[lo] = perm[hi]
        perm[hi] = t
        lo = lo + 1
        hi = hi - 1
      end
      flips = flips + 1
      k = perm[0]
    end
    if flips > max_flips then
      max_flips = flips
    end
    if perm_count % 2 == 0 then
      checksum = checksum + flips
    else
      checksum = checksum - flips
    end
    -- the next permutation: rotate the first r+1 elements until a counter is left
    local advanced = false
    while not advanced do
      if r == n then
        done = true
        break
      end
      local first = perm1[0]
      for i = 0, r - 1 do
        perm1[i] = perm1[i + 1]
      end
      perm1[r] = first
      count[r] = count[r] - 1
      if count[r] > 0 then
        advanced = true
      else
        r = r + 1
      end
    end
    perm_count = perm_count + 1
  end
  return checksum, max_flips, perm_count
end

for round = 1, 3 do
  local checksum, max_flips, perms = fannkuch(9)
  print(string.format("round %d checksum %d max_flips %d permutations %d", round, checksum, max_flips, perms))
end
