# loop: twin of loop.gene (a while loop with a counter, as in the Gene program).
n = ARGV.empty? ? 50_000_000 : Integer(ARGV[0])
sum = 0
i = 0
while i < n
  sum += i
  i += 1
end
puts sum
