# async: twin of async.gene. Futures are objects; callbacks go through one queue (as in
# gene), and await runs in a Fiber that yields to the scheduler while a future is pending.
class Future
  attr_reader :state, :value

  @@queue = []
  @@running = false

  def initialize
    @state = :pending
    @callbacks = []
  end

  def self.run_queue
    return if @@running
    @@running = true
    until @@queue.empty?
      cb, v = @@queue.shift
      cb.call(v)
    end
    @@running = false
  end

  def complete(v)
    raise "settled" unless @state == :pending
    @state = :success
    @value = v
    @callbacks.each { |cb| @@queue << [cb, v] }
    @callbacks = nil
    Future.run_queue
  end

  def on_success(&cb)
    if @state == :pending
      @callbacks << cb
    else
      @@queue << [cb, @value]
      Future.run_queue
    end
  end
end

def await_future(f)
  Fiber.yield while f.state == :pending
  f.value
end

def async_value(v)
  f = Future.new
  f.complete(v)
  f
end

def round_(n, seed)
  total = 0
  futures = Array.new(n) do
    f = Future.new
    f.on_success { |v| total = (total + v) % 1000003 }
    f
  end
  n.times { |i| futures[i].complete((i * seed + 7) % 97) }
  sum = 0
  n.times do |i|
    sum = (sum + await_future(futures[i]) + await_future(async_value(i % 13))) % 1000003
  end
  first = Future.new
  last = first
  (n - 1).times do
    nxt = Future.new
    last.on_success { |v| nxt.complete(v + 1) }
    last = nxt
  end
  first.complete(seed)
  final = await_future(last)
  (sum + total) % 1000003 + final
end

main = Fiber.new do
  checksum = 0
  (1..100).each { |r| checksum = (checksum + round_(10000, r)) % 1000003 }
  puts checksum
end
main.resume while main.alive?
