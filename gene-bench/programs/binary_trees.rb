# binary_trees: twin of binary_trees.gene.
class Node
  attr_reader :left, :right

  def initialize(left, right)
    @left = left
    @right = right
  end
end

def make(depth)
  return Node.new(nil, nil) if depth == 0

  Node.new(make(depth - 1), make(depth - 1))
end

def check(tree)
  return 1 if tree.left.nil?

  1 + check(tree.left) + check(tree.right)
end

min_depth = 4
max_depth = 14
puts "stretch tree of depth #{max_depth + 1} check #{check(make(max_depth + 1))}"
long_lived = make(max_depth)
depth = min_depth
while depth <= max_depth
  iterations = 1
  e = 0
  while e < (max_depth - depth) + min_depth
    iterations *= 2
    e += 1
  end
  total = 0
  i = 0
  while i < iterations
    total += check(make(depth))
    i += 1
  end
  puts "#{iterations} trees of depth #{depth} check #{total}"
  depth += 2
end
puts "long lived tree of depth #{max_depth} check #{check(long_lived)}"
