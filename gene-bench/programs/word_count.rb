# word_count: twin of word_count.gene.
syllables = %w[ka lo mi ne ru ta vo zi be do fu ga hi ju pe so]
n = 900000
seed = 7
words = []
i = 0
while i < n
  seed = (seed * 16807) % 2147483647
  parts = (seed % 3) + 1
  word = ""
  p = 0
  while p < parts
    seed = (seed * 16807) % 2147483647
    s = seed % 16
    word = "#{word}#{syllables[s]}"
    p += 1
  end
  words.push(word)
  i += 1
end
text = words.join(" ")

counts = {}
total = 0
distinct = 0
text.split(" ").each do |w|
  if counts.key?(w)
    counts[w] += 1
  else
    counts[w] = 1
    distinct += 1
  end
  total += 1
end

# the ten most frequent words, by count and then by word, one pass over the map for each
taken = {}
rank = 1
while rank <= 10
  best = nil
  best_count = 0
  counts.each do |w, c|
    next if taken.key?(w)

    if c > best_count || (c == best_count && w < best)
      best = w
      best_count = c
    end
  end
  taken[best] = true
  puts "#{rank} #{best} #{best_count}"
  rank += 1
end
puts "words #{total} distinct #{distinct} length #{text.length}"
