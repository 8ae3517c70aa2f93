# json: twin of json.gene, with Ruby's json library (JSON.generate writes compact JSON).
require 'json'

n = 80_000
records = []
i = 0
while i < n
  records << { "id" => i,
               "name" => "user#{i}",
               "score" => (i % 1000) + 0.25,
               "active" => (i % 3) == 0,
               "tags" => ["t#{i % 7}", "t#{i % 13}"],
               "meta" => { "x" => i % 100, "y" => nil, "note" => "say \"hi\" \\ ok" } }
  i += 1
end
text = JSON.generate({ "version" => 1, "records" => records })
parsed = JSON.parse(text)
again = JSON.generate(parsed)

sum = 0
bad = 0
count = 0
parsed["records"].each do |r|
  sum += r["id"] + r["meta"]["x"] + r["name"].length + r["tags"].size
  sum += 1 if r["active"]
  bad += 1 if r["score"] != (r["id"] % 1000) + 0.25
  bad += 1 unless r["meta"]["y"].nil?
  count += 1
end
puts "length=#{text.length} again=#{again.length} same=#{text == again} records=#{count} bad=#{bad} sum=#{sum}"
