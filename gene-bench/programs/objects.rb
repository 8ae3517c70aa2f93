# objects: twin of objects.gene.
class Vec2
  attr_reader :x, :y

  def initialize(x, y)
    @x = x
    @y = y
  end

  def add(other) = Vec2.new(@x + other.x, @y + other.y)
  def scale(k) = Vec2.new(@x * k, @y * k)
  def dot(other) = @x * other.x + @y * other.y
end

def run(n)
  acc = Vec2.new(0, 0)
  step = Vec2.new(1, 2)
  checksum = 0
  i = 0
  while i < n
    v = acc.add(step).scale(1)
    checksum = (checksum + v.dot(step)) % 1000003
    acc = v
    i += 1
  end
  [checksum, acc.x, acc.y]
end

c, x, y = run(2000000)
puts "[#{c} #{x} #{y}]"
