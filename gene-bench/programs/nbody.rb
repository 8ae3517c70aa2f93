# nbody: twin of nbody.gene.
PI = 3.141592653589793
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24

class Body
  attr_accessor :x, :y, :z, :vx, :vy, :vz, :mass

  def initialize(x, y, z, vx, vy, vz, mass)
    @x = x
    @y = y
    @z = z
    @vx = vx * DAYS_PER_YEAR
    @vy = vy * DAYS_PER_YEAR
    @vz = vz * DAYS_PER_YEAR
    @mass = mass * SOLAR_MASS
  end
end

def system
  [
    Body.new(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0),
    Body.new(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
             1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
             9.54791938424326609e-04),
    Body.new(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
             -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
             2.85885980666130812e-04),
    Body.new(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
             2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
             4.36624404335156298e-05),
    Body.new(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
             2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
             5.15138902046611451e-05)
  ]
end

def offset_momentum(bodies)
  px = py = pz = 0.0
  bodies.each do |b|
    px += b.vx * b.mass
    py += b.vy * b.mass
    pz += b.vz * b.mass
  end
  sun = bodies[0]
  sun.vx = (-px) / SOLAR_MASS
  sun.vy = (-py) / SOLAR_MASS
  sun.vz = (-pz) / SOLAR_MASS
end

def energy(bodies)
  e = 0.0
  n = bodies.size
  i = 0
  while i < n
    bi = bodies[i]
    e += 0.5 * bi.mass * ((bi.vx * bi.vx) + (bi.vy * bi.vy) + (bi.vz * bi.vz))
    j = i + 1
    while j < n
      bj = bodies[j]
      dx = bi.x - bj.x
      dy = bi.y - bj.y
      dz = bi.z - bj.z
      e -= (bi.mass * bj.mass) / Math.sqrt((dx * dx) + (dy * dy) + (dz * dz))
      j += 1
    end
    i += 1
  end
  e
end

def advance(bodies, dt)
  n = bodies.size
  i = 0
  while i < n
    bi = bodies[i]
    j = i + 1
    while j < n
      bj = bodies[j]
      dx = bi.x - bj.x
      dy = bi.y - bj.y
      dz = bi.z - bj.z
      d2 = (dx * dx) + (dy * dy) + (dz * dz)
      mag = dt / (d2 * Math.sqrt(d2))
      mi = bi.mass * mag
      mj = bj.mass * mag
      bi.vx -= dx * mj
      bi.vy -= dy * mj
      bi.vz -= dz * mj
      bj.vx += dx * mi
      bj.vy += dy * mi
      bj.vz += dz * mi
      j += 1
    end
    i += 1
  end
  bodies.each do |b|
    b.x += dt * b.vx
    b.y += dt * b.vy
    b.z += dt * b.vz
  end
end

# x to nine decimals, rounding halves up, the same way in every twin.
def fmt9(x)
  sign = ""
  if x < 0
    sign = "-"
    x = -x
  end
  n = ((x * 1000000000) + 0.5).floor
  frac = n % 1000000000
  whole = (n - frac) / 1000000000
  "#{sign}#{whole}." + frac.to_s.rjust(9, "0")
end

steps = 400000
bodies = system
offset_momentum(bodies)
puts fmt9(energy(bodies))
k = 0
while k < steps
  advance(bodies, 0.01)
  k += 1
end
puts fmt9(energy(bodies))
