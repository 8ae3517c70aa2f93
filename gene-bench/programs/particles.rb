# particles: twin of particles.gene.
class Particle
  attr_reader :x

  def initialize(x, v)
    @x = x
    @v = v
  end

  def step
    @x = (@x + @v) % 10007
  end

  def energy = @v * @v
end

class Heavy < Particle
  def initialize(x, v, m)
    super(x, v)
    @m = m
  end

  def step
    super
    @x = (@x + @m) % 10007
  end

  def energy = @m * super
end

class Bouncy < Heavy
  def initialize(x, v)
    super(x, v, 2)
    @bounces = 0
  end

  def step
    super
    if @x > 9000
      @v = 1
      @bounces += 1
    end
    @v = 5 if @x < 100
  end
end

def make(n)
  (0...n).map do |i|
    case i % 3
    when 0 then Particle.new(i, (i % 7) + 1)
    when 1 then Heavy.new(i, (i % 5) + 1, 3)
    else Bouncy.new(i, (i % 11) + 1)
    end
  end
end

def simulate(particles, steps)
  steps.times { particles.each(&:step) }
  checksum = 0
  energy = 0
  particles.each do |p|
    checksum = (checksum * 31 + p.x) % 1000003
    energy += p.energy
  end
  [checksum, energy]
end

c, e = simulate(make(300), 10000)
puts "[#{c} #{e}]"
