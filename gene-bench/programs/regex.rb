# regex: twin of regex.gene, with Ruby's regular expressions: `scan` stands in for
# `.find_all`, `to_enum(:scan)` with `$~` for `.match_all`, `gsub` for `.replace_all`.
words = ["running", "jump", "walking", "sing", "quick", "brown", "fox", "reading",
         "lazy", "dog", "swimming", "data"]
$seed = 42
def draw(n)
  $seed = ($seed * 69069 + 1) % 2147483648
  $seed % n
end

lines = []
i = 0
while i < 20000
  user = draw(5000)
  host = draw(300)
  page = draw(1000)
  year = 2000 + draw(30)
  month = (draw(12) + 1).to_s
  day = (draw(28) + 1).to_s
  status = draw(600)
  took = draw(2000)
  w1 = words[draw(12)]
  w2 = words[draw(12)]
  lines << "user#{user}@host#{host}.com visited /page/#{page} on #{year}-#{month.rjust(2, '0')}-#{day.rjust(2, '0')} status #{status} took #{took}ms while #{w1} and #{w2} the data\n"
  i += 1
end
text = lines.join("") * 5

emails = text.scan(/(\w+)@(\w+)\.com/).size
dates = text.scan(/\d\d\d\d-\d\d-\d\d/).size
ing = text.scan(/\b\w+ing\b/).size
statuses = 0
total = 0
text.scan(/status (\d+) took (\d+)ms/) do |a, b|
  statuses += 1
  total += a.to_i + b.to_i
end
rewritten = text.gsub(/(\d\d\d\d)-(\d\d)-(\d\d)/, '\3/\2/\1')
swapped = rewritten.scan(/\d\d\/\d\d\/\d\d\d\d/).size
puts "length=#{text.length} emails=#{emails} dates=#{dates} ing=#{ing}"
puts "statuses=#{statuses} total=#{total} rewritten=#{rewritten.length} swapped=#{swapped}"
