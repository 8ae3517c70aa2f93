-- nqueens: twin of nqueens.gene (Lua 5.4 and LuaJIT). Arrays start at 1, so the flag for
-- column (or diagonal) k lives at index k + 1.
local tried = 0

local function place(row, n, cols, diag1, diag2)
  if row == n then
    return 1
  end
  local count = 0
  for c = 0, n - 1 do
    tried = tried + 1
    local d1 = row + c
    local d2 = (row - c) + (n - 1)
    if not (cols[c + 1] or diag1[d1 + 1] or diag2[d2 + 1]) then
      cols[c + 1] = true
      diag1[d1 + 1] = true
      diag2[d2 + 1] = true
      count = count + place(row + 1, n, cols, diag1, diag2)
      cols[c + 1] = false
      diag1[d1 + 1] = false
      diag2[d2 + 1] = false
    end
  end
  return count
end

local function falses(n)
  local a = {}
  for i = 1, n do
    a[i] = false
  end
  return a
end

for n = 1, 12 do
  tried = 0
  local solutions = place(0, n, falses(n), falses(2 * n), falses(2 * n))
  print(string.format("queens %d solutions %d tried %d", n, solutions, tried))
end
