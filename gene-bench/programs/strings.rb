# strings: twin of strings.gene. `+` (a new string, as Gene's `.append`) stands in for
# `.append`; Ruby's split drops trailing empty fields, and empty records are skipped anyway.
n = ARGV.empty? ? 400_000 : Integer(ARGV[0])
chunks = []
chunk = ""
i = 0
while i < n
  chunk = chunk + "k#{i}=#{(i * 7919) % 10_007},"
  if i % 100 == 99
    chunks.push(chunk)
    chunk = ""
  end
  i += 1
end
chunks.push(chunk)
text = chunks.join("")

records = 0
bad = 0
sum = 0
text.split(",").each do |item|
  next if item == ""

  fields = item.split("=")
  bad += 1 if fields[0] != "k#{records}"
  sum += fields[1].to_i
  records += 1
end
puts "length=#{text.length} records=#{records} bad=#{bad} sum=#{sum}"
