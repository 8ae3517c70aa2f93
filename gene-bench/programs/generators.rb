# generators: twin of generators.gene: lazy enumerators as generators.
def numbers(n)
  Enumerator.new do |y|
    i = 0
    while i < n
      y << i
      i += 1
    end
  end
end

def not_thirds(source)
  Enumerator.new do |y|
    source.each { |x| y << x if x % 3 != 0 }
  end
end

def squares_mod(source)
  Enumerator.new do |y|
    source.each { |x| y << (x * x) % 1000 }
  end
end

total = 0
squares_mod(not_thirds(numbers(3_000_000))).each { |v| total += v }
puts total
