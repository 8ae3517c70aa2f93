-- towers: twin of towers.gene (Lua 5.4 and LuaJIT). Pegs are numbered 0..2 as in the other
-- twins and live at pegs[number + 1]; a peg is a table used as a stack.
local moves, violations, checksum = 0, 0, 0

local function move(n, pegs, src, dst, via)
  if n > 0 then
    move(n - 1, pegs, src, via, dst)
    local source = pegs[src + 1]
    local target = pegs[dst + 1]
    local top = #source
    local disk = source[top]
    source[top] = nil
    local size = #target
    if size > 0 then
      if target[size] < disk then
        violations = violations + 1
      end
    end
    target[size + 1] = disk
    moves = moves + 1
    checksum = ((checksum * 7) + (disk * 3) + dst) % 1000003
    move(n - 1, pegs, via, dst, src)
  end
end

local disks = 22
local pegs = {{}, {}, {}}
for d = disks, 1, -1 do
  pegs[1][#pegs[1] + 1] = d
end
move(disks, pegs, 0, 2, 1)
print(string.format("moves %d violations %d checksum %d pegs %d %d %d", moves, violations,
  checksum, #pegs[1], #pegs[2], #pegs[3]))
