# closures: twin of closures.gene. Hand-written map/filter/reduce taking lambdas (not
# Enumerable's methods), as in the Gene program.
def my_map(arr, f)
  out = []
  arr.each { |x| out.push(f.call(x)) }
  out
end

def my_filter(arr, keep)
  out = []
  arr.each { |x| out.push(x) if keep.call(x) }
  out
end

def my_reduce(arr, init, f)
  acc = init
  arr.each { |x| acc = f.call(acc, x) }
  acc
end

data = []
i = 0
while i < 100_000
  data.push(i)
  i += 1
end

checksum = 0
kept = 0
rnd = 0
while rnd < 30
  r = rnd
  scaled = my_map(data, ->(x) { x * 3 + r })
  odd = my_filter(scaled, ->(x) { x % 2 == 1 })
  kept += odd.size
  checksum += my_reduce(odd, r, ->(acc, x) { acc + x % 1000 })
  rnd += 1
end

puts "kept #{kept} checksum #{checksum}"
