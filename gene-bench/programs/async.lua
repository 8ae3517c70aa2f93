-- async: twin of async.gene. Futures are tables; callbacks go through one queue (as in
-- gene), and await runs in a coroutine that yields to the scheduler while a future is
-- pending.
local queue, qhead, qtail, running = {}, 1, 0, false

local function run_queue()
  if running then return end
  running = true
  while qhead <= qtail do
    local item = queue[qhead]
    queue[qhead] = nil
    qhead = qhead + 1
    item[1](item[2])
  end
  running = false
end

local function new_future()
  return { state = "pending", value = nil, callbacks = {} }
end

local function complete(f, v)
  assert(f.state == "pending")
  f.state, f.value = "success", v
  for _, cb in ipairs(f.callbacks) do
    qtail = qtail + 1
    queue[qtail] = { cb, v }
  end
  f.callbacks = nil
  run_queue()
end

local function on_success(f, cb)
  if f.state == "pending" then
    f.callbacks[#f.callbacks + 1] = cb
  else
    qtail = qtail + 1
    queue[qtail] = { cb, f.value }
    run_queue()
  end
end

local function await(f)
  while f.state == "pending" do coroutine.yield() end
  return f.value
end

local function async(v)
  local f = new_future()
  complete(f, v)
  return f
end

local function round(n, seed)
  local total = 0
  local futures = {}
  for i = 0, n - 1 do
    local f = new_future()
    on_success(f, function(v) total = (total + v) % 1000003 end)
    futures[i] = f
  end
  for i = 0, n - 1 do complete(futures[i], (i * seed + 7) % 97) end
  local sum = 0
  for i = 0, n - 1 do
    sum = (sum + await(futures[i]) + await(async(i % 13))) % 1000003
  end
  local first = new_future()
  local last = first
  for _ = 1, n - 1 do
    local nxt = new_future()
    on_success(last, function(v) complete(nxt, v + 1) end)
    last = nxt
  end
  complete(first, seed)
  local final = await(last)
  return (sum + total) % 1000003 + final
end

local main = coroutine.create(function()
  local checksum = 0
  for r = 1, 100 do checksum = (checksum + round(10000, r)) % 1000003 end
  print(checksum)
end)
while coroutine.status(main) ~= "dead" do assert(coroutine.resume(main)) end
