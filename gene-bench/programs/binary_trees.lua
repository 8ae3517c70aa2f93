-- binary_trees: twin of binary_trees.gene (Lua 5.4 and LuaJIT): nodes are tables with a
-- metatable, as instances of a class.
local Node = {}
Node.__index = Node
function Node.new(left, right)
  return setmetatable({left = left, right = right}, Node)
end

local function make(depth)
  if depth == 0 then
    return Node.new(nil, nil)
  end
  return Node.new(make(depth - 1), make(depth - 1))
end

local function check(tree)
  if tree.left == nil then
    return 1
  end
  return 1 + check(tree.left) + check(tree.right)
end

local min_depth = 4
local max_depth = 14
print(string.format("stretch tree of depth %d check %d", max_depth + 1, check(make(max_depth + 1))))
local long_lived = make(max_depth)
for depth = min_depth, max_depth, 2 do
  local iterations = 1
  for _ = 1, (max_depth - depth) + min_depth do
    iterations = iterations * 2
  end
  local total = 0
  for _ = 1, iterations do
    total = total + check(make(depth))
  end
  print(string.format("%d trees of depth %d check %d", iterations, depth, total))
end
print(string.format("long lived tree of depth %d check %d", max_depth, check(long_lived)))
