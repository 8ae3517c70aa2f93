# sieve: twin of sieve.gene. The array is filled with an explicit loop, as in the Gene
# program (not `Array.new(n, true)`).
n = ARGV.empty? ? 5_000_000 : Integer(ARGV[0])
is_prime = []
i = 0
while i < n
  is_prime.push(true)
  i += 1
end
is_prime[0] = false
is_prime[1] = false

p = 2
while p * p < n
  if is_prime[p]
    m = p * p
    while m < n
      is_prime[m] = false
      m += p
    end
  end
  p += 1
end

count = 0
is_prime.each { |flag| count += 1 if flag }
puts count
