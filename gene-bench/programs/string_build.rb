# string_build: twin of string_build.gene. `+` stands in for `.append` (a new string each
# time, as in gene), `*` for `.repeat`.
n = 500000
lines = []
checksum = 0
i = 0
while i < n
  line = "row#{i}:"
  j = 0
  while j < 6
    line = line + ((i * (j + 3)) % 1009).to_s + ","
    j += 1
  end
  line = line + ("." * (i % 5))
  line = "#{line}[#{line.length}|#{i % 7}]"
  checksum = ((checksum * 31) + line.length) % 1000003
  lines.push(line)
  i += 1
end
text = lines.join("\n")
puts "length #{text.length} lines #{lines.size} checksum #{checksum}"
