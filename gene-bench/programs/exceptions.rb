# exceptions: twin of exceptions.gene. StandardError stands in for gene's Exception.
class AppError < StandardError
  attr_reader :code

  def initialize(code)
    super("app error")
    @code = code
  end
end

class NotFound < AppError
  attr_reader :path

  def initialize(code)
    super(code)
    @path = "missing"
  end
end

$cleanups = 0

def level3(i)
  kind = i % 4
  if kind == 1
    raise AppError.new(i)
  elsif kind == 2
    raise NotFound.new(i)
  elsif kind == 3
    raise StandardError.new("plain failure")
  end
  i
end

def level2(i)
  level3(i) + 1
ensure
  $cleanups += 1
end

def level1(i)
  level2(i) * 2
end

n = 1200000
ok = 0
app = 0
missing = 0
plain = 0
finals = 0
checksum = 0
i = 0
while i < n
  begin
    checksum += level1(i) % 1000
    ok += 1
  rescue NotFound => e
    missing += 1
    checksum += (e.code % 7) + e.path.length
  rescue AppError => e
    app += 1
    checksum += e.code % 5
  rescue StandardError => e
    plain += 1
    checksum += e.message.length
  ensure
    finals += 1
  end
  checksum = checksum % 1000003
  i += 1
end
puts "ok #{ok} app #{app} missing #{missing} plain #{plain} finally #{finals} " \
     "cleanups #{$cleanups} checksum #{checksum}"
