# richards: twin of richards.gene.
ID_IDLE = 0
ID_WORKER = 1
ID_HANDLER_A = 2
ID_HANDLER_B = 3
ID_DEVICE_A = 4
ID_DEVICE_B = 5
KIND_DEVICE = 0
KIND_WORK = 1
DATA_SIZE = 4

class Packet
  attr_accessor :link, :id, :kind, :a1, :a2

  def initialize(link, id, kind)
    @link = link
    @id = id
    @kind = kind
    @a1 = 0
    @a2 = [0, 0, 0, 0]
  end

  # appends this packet to the end of the queue and answers the queue's head
  def add_to(queue)
    @link = nil
    return self if queue.nil?

    last = queue
    last = last.link until last.link.nil?
    last.link = self
    queue
  end
end

class Tcb
  attr_reader :link, :id, :priority

  def initialize(link, id, priority, queue, task)
    @link = link
    @id = id
    @priority = priority
    @queue = queue
    @task = task
    @pending = !queue.nil?
    @waiting = true
    @holding = false
  end

  def set_running
    @pending = false
    @waiting = false
    @holding = false
  end

  def mark_not_held = @holding = false
  def mark_held = @holding = true
  def mark_suspended = @waiting = true
  def mark_runnable = @pending = true

  def held_or_suspended
    @holding || (@waiting && !@pending)
  end

  def run
    packet = nil
    if @pending && @waiting && !@holding
      packet = @queue
      @queue = packet.link
      if @queue.nil?
        set_running
      else
        @pending = true
        @waiting = false
        @holding = false
      end
    end
    @task.run(packet)
  end

  # adds a packet to this block's queue; answers the block to run next
  def check_priority_add(current, packet)
    if @queue.nil?
      @queue = packet
      mark_runnable
      return self if @priority > current.priority
    else
      @queue = packet.add_to(@queue)
    end
    current
  end
end

class Task
  def initialize(scheduler)
    @scheduler = scheduler
  end
end

class IdleTask < Task
  def initialize(scheduler, seed, count)
    super(scheduler)
    @seed = seed
    @count = count
  end

  def run(_packet)
    @count -= 1
    return @scheduler.hold_current if @count == 0

    @seed = (@seed * 16807) % 2147483647
    if @seed % 2 == 0
      @scheduler.release(ID_DEVICE_A)
    else
      @scheduler.release(ID_DEVICE_B)
    end
  end
end

class DeviceTask < Task
  def initialize(scheduler)
    super(scheduler)
    @pending = nil
  end

  def run(packet)
    if packet.nil?
      return @scheduler.suspend_current if @pending.nil?

      p = @pending
      @pending = nil
      @scheduler.enqueue(p)
    else
      @pending = packet
      @scheduler.hold_current
    end
  end
end

class WorkerTask < Task
  def initialize(scheduler, destination, count)
    super(scheduler)
    @destination = destination
    @count = count
  end

  def run(packet)
    return @scheduler.suspend_current if packet.nil?

    @destination = @destination == ID_HANDLER_A ? ID_HANDLER_B : ID_HANDLER_A
    packet.id = @destination
    packet.a1 = 0
    data = packet.a2
    i = 0
    while i < DATA_SIZE
      @count += 1
      @count = 1 if @count > 26
      data[i] = @count
      i += 1
    end
    @scheduler.enqueue(packet)
  end
end

class HandlerTask < Task
  def initialize(scheduler)
    super(scheduler)
    @work = nil
    @devices = nil
  end

  def run(packet)
    unless packet.nil?
      if packet.kind == KIND_WORK
        @work = packet.add_to(@work)
      else
        @devices = packet.add_to(@devices)
      end
    end
    unless @work.nil?
      count = @work.a1
      if count < DATA_SIZE
        unless @devices.nil?
          device = @devices
          @devices = device.link
          device.a1 = @work.a2[count]
          @work.a1 = count + 1
          return @scheduler.enqueue(device)
        end
      else
        work = @work
        @work = work.link
        return @scheduler.enqueue(work)
      end
    end
    @scheduler.suspend_current
  end
end

class Scheduler
  attr_reader :queue_count, :hold_count

  def initialize
    @queue_count = 0
    @hold_count = 0
    @blocks = [nil, nil, nil, nil, nil, nil]
    @list = nil
    @current = nil
    @current_id = nil
  end

  def add_task(id, priority, queue, task)
    @current = Tcb.new(@list, id, priority, queue, task)
    @list = @current
    @blocks[id] = @current
  end

  def add_running_task(id, priority, queue, task)
    add_task(id, priority, queue, task)
    @current.set_running
  end

  def schedule
    @current = @list
    until @current.nil?
      if @current.held_or_suspended
        @current = @current.link
      else
        @current_id = @current.id
        @current = @current.run
      end
    end
  end

  def release(id)
    tcb = @blocks[id]
    return nil if tcb.nil?

    tcb.mark_not_held
    tcb.priority > @current.priority ? tcb : @current
  end

  def hold_current
    @hold_count += 1
    @current.mark_held
    @current.link
  end

  def suspend_current
    @current.mark_suspended
    @current
  end

  def enqueue(packet)
    target = @blocks[packet.id]
    return nil if target.nil?

    @queue_count += 1
    packet.link = nil
    packet.id = @current_id
    target.check_priority_add(@current, packet)
  end
end

def run_once(ticks)
  s = Scheduler.new
  s.add_running_task(ID_IDLE, 0, nil, IdleTask.new(s, 1, ticks))
  queue = Packet.new(nil, ID_WORKER, KIND_WORK)
  queue = Packet.new(queue, ID_WORKER, KIND_WORK)
  s.add_task(ID_WORKER, 1000, queue, WorkerTask.new(s, ID_HANDLER_A, 0))
  queue = Packet.new(nil, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  s.add_task(ID_HANDLER_A, 2000, queue, HandlerTask.new(s))
  queue = Packet.new(nil, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  s.add_task(ID_HANDLER_B, 3000, queue, HandlerTask.new(s))
  s.add_task(ID_DEVICE_A, 4000, nil, DeviceTask.new(s))
  s.add_task(ID_DEVICE_B, 5000, nil, DeviceTask.new(s))
  s.schedule
  [s.queue_count, s.hold_count]
end

runs = 20
total_queued = 0
total_held = 0
last = nil
r = 0
while r < runs
  last = run_once(10000)
  total_queued += last[0]
  total_held += last[1]
  r += 1
end
puts "queue_count #{last[0]} hold_count #{last[1]} runs #{runs} " \
     "total_queued #{total_queued} total_held #{total_held}"
