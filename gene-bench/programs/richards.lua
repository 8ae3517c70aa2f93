-- richards: twin of richards.gene (Lua 5.4 and LuaJIT): classes as metatables, `super`
-- as a call through the parent table. Task ids are 0..5 as in the other twins and their
-- blocks live at blocks[id + 1].
local ID_IDLE, ID_WORKER, ID_HANDLER_A, ID_HANDLER_B, ID_DEVICE_A, ID_DEVICE_B = 0, 1, 2, 3, 4, 5
local KIND_DEVICE, KIND_WORK = 0, 1
local DATA_SIZE = 4

local Packet = {}
Packet.__index = Packet
function Packet.new(link, id, kind)
  return setmetatable({link = link, id = id, kind = kind, a1 = 0, a2 = {0, 0, 0, 0}}, Packet)
end
-- appends this packet to the end of the queue and answers the queue's head
function Packet:add_to(queue)
  self.link = nil
  if queue == nil then
    return self
  end
  local last = queue
  while last.link ~= nil do
    last = last.link
  end
  last.link = self
  return queue
end

local Tcb = {}
Tcb.__index = Tcb
function Tcb.new(link, id, priority, queue, task)
  return setmetatable({link = link, id = id, priority = priority, queue = queue, task = task,
    pending = queue ~= nil, waiting = true, holding = false}, Tcb)
end
function Tcb:set_running()
  self.pending = false
  self.waiting = false
  self.holding = false
end
function Tcb:mark_not_held() self.holding = false end
function Tcb:mark_held() self.holding = true end
function Tcb:mark_suspended() self.waiting = true end
function Tcb:mark_runnable() self.pending = true end
function Tcb:held_or_suspended()
  return self.holding or (self.waiting and not self.pending)
end
function Tcb:run()
  local packet = nil
  if self.pending and self.waiting and not self.holding then
    packet = self.queue
    self.queue = packet.link
    if self.queue == nil then
      self:set_running()
    else
      self.pending = true
      self.waiting = false
      self.holding = false
    end
  end
  return self.task:run(packet)
end
-- adds a packet to this block's queue; answers the block to run next
function Tcb:check_priority_add(current, packet)
  if self.queue == nil then
    self.queue = packet
    self:mark_runnable()
    if self.priority > current.priority then
      return self
    end
  else
    self.queue = packet:add_to(self.queue)
  end
  return current
end

local Task = {}
Task.__index = Task
function Task.init(self, scheduler)
  self.scheduler = scheduler
  return self
end

local IdleTask = setmetatable({}, {__index = Task})
IdleTask.__index = IdleTask
function IdleTask.new(scheduler, seed, count)
  local self = Task.init(setmetatable({}, IdleTask), scheduler)
  self.seed = seed
  self.count = count
  return self
end
function IdleTask:run(packet)
  self.count = self.count - 1
  if self.count == 0 then
    return self.scheduler:hold_current()
  end
  self.seed = (self.seed * 16807) % 2147483647
  if self.seed % 2 == 0 then
    return self.scheduler:release(ID_DEVICE_A)
  else
    return self.scheduler:release(ID_DEVICE_B)
  end
end

local DeviceTask = setmetatable({}, {__index = Task})
DeviceTask.__index = DeviceTask
function DeviceTask.new(scheduler)
  local self = Task.init(setmetatable({}, DeviceTask), scheduler)
  self.pending = nil
  return self
end
function DeviceTask:run(packet)
  if packet == nil then
    if self.pending == nil then
      return self.scheduler:suspend_current()
    end
    local p = self.pending
    self.pending = nil
    return self.scheduler:enqueue(p)
  else
    self.pending = packet
    return self.scheduler:hold_current()
  end
end

local WorkerTask = setmetatable({}, {__index = Task})
WorkerTask.__index = WorkerTask
function WorkerTask.new(scheduler, destination, count)
  local self = Task.init(setmetatable({}, WorkerTask), scheduler)
  self.destination = destination
  self.count = count
  return self
end
function WorkerTask:run(packet)
  if packet == nil then
    return self.scheduler:suspend_current()
  end
  if self.destination == ID_HANDLER_A then
    self.destination = ID_HANDLER_B
  else
    self.destination = ID_HANDLER_A
  end
  packet.id = self.destination
  packet.a1 = 0
  local data = packet.a2
  for i = 1, DATA_SIZE do
    self.count = self.count + 1
    if self.count > 26 then
      self.count = 1
    end
    data[i] = self.count
  end
  return self.scheduler:enqueue(packet)
end

local HandlerTask = setmetatable({}, {__index = Task})
HandlerTask.__index = HandlerTask
function HandlerTask.new(scheduler)
  local self = Task.init(setmetatable({}, HandlerTask), scheduler)
  self.work = nil
  self.devices = nil
  return self
end
function HandlerTask:run(packet)
  if packet ~= nil then
    if packet.kind == KIND_WORK then
      self.work = packet:add_to(self.work)
    else
      self.devices = packet:add_to(self.devices)
    end
  end
  if self.work ~= nil then
    local count = self.work.a1
    if count < DATA_SIZE then
      if self.devices ~= nil then
        local device = self.devices
        self.devices = device.link
        device.a1 = self.work.a2[count + 1]
        self.work.a1 = count + 1
        return self.scheduler:enqueue(device)
      end
    else
      local work = self.work
      self.work = work.link
      return self.scheduler:enqueue(work)
    end
  end
  return self.scheduler:suspend_current()
end

local Scheduler = {}
Scheduler.__index = Scheduler
function Scheduler.new()
  return setmetatable({queue_count = 0, hold_count = 0, blocks = {}, list = nil,
    current = nil, current_id = nil}, Scheduler)
end
function Scheduler:add_task(id, priority, queue, task)
  self.current = Tcb.new(self.list, id, priority, queue, task)
  self.list = self.current
  self.blocks[id + 1] = self.current
end
function Scheduler:add_running_task(id, priority, queue, task)
  self:add_task(id, priority, queue, task)
  self.current:set_running()
end
function Scheduler:schedule()
  self.current = self.list
  while self.current ~= nil do
    if self.current:held_or_suspended() then
      self.current = self.current.link
    else
      self.current_id = self.current.id
      self.current = self.current:run()
    end
  end
end
function Scheduler:release(id)
  local tcb = self.blocks[id + 1]
  if tcb == nil then
    return nil
  end
  tcb:mark_not_held()
  if tcb.priority > self.current.priority then
    return tcb
  else
    return self.current
  end
end
function Scheduler:hold_current()
  self.hold_count = self.hold_count + 1
  self.current:mark_held()
  return self.current.link
end
function Scheduler:suspend_current()
  self.current:mark_suspended()
  return self.current
end
function Scheduler:enqueue(packet)
  local target = self.blocks[packet.id + 1]
  if target == nil then
    return nil
  end
  self.queue_count = self.queue_count + 1
  packet.link = nil
  packet.id = self.current_id
  return target:check_priority_add(self.current, packet)
end

local function run_once(ticks)
  local s = Scheduler.new()
  s:add_running_task(ID_IDLE, 0, nil, IdleTask.new(s, 1, ticks))
  local queue = Packet.new(nil, ID_WORKER, KIND_WORK)
  queue = Packet.new(queue, ID_WORKER, KIND_WORK)
  s:add_task(ID_WORKER, 1000, queue, WorkerTask.new(s, ID_HANDLER_A, 0))
  queue = Packet.new(nil, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  s:add_task(ID_HANDLER_A, 2000, queue, HandlerTask.new(s))
  queue = Packet.new(nil, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  s:add_task(ID_HANDLER_B, 3000, queue, HandlerTask.new(s))
  s:add_task(ID_DEVICE_A, 4000, nil, DeviceTask.new(s))
  s:add_task(ID_DEVICE_B, 5000, nil, DeviceTask.new(s))
  s:schedule()
  return s.queue_count, s.hold_count
end

local runs = 20
local total_queued, total_held = 0, 0
local queued, held
for _ = 1, runs do
  queued, held = run_once(10000)
  total_queued = total_queued + queued
  total_held = total_held + held
end
print(string.format("queue_count %d hold_count %d runs %d total_queued %d total_held %d",
  queued, held, runs, total_queued, total_held))
