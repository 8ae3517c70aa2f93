# richards: twin of richards.gene. The code is inside functions, Python's fast form.
ID_IDLE = 0
ID_WORKER = 1
ID_HANDLER_A = 2
ID_HANDLER_B = 3
ID_DEVICE_A = 4
ID_DEVICE_B = 5
KIND_DEVICE = 0
KIND_WORK = 1
DATA_SIZE = 4


class Packet:
    def __init__(self, link, id, kind):
        self.link = link
        self.id = id
        self.kind = kind
        self.a1 = 0
        self.a2 = [0, 0, 0, 0]

    # appends this packet to the end of the queue and answers the queue's head
    def add_to(self, queue):
        self.link = None
        if queue is None:
            return self
        last = queue
        while last.link is not None:
            last = last.link
        last.link = self
        return queue


class Tcb:
    def __init__(self, link, id, priority, queue, task):
        self.link = link
        self.id = id
        self.priority = priority
        self.queue = queue
        self.task = task
        self.pending = queue is not None
        self.waiting = True
        self.holding = False

    def set_running(self):
        self.pending = False
        self.waiting = False
        self.holding = False

    def mark_not_held(self):
        self.holding = False

    def mark_held(self):
        self.holding = True

    def mark_suspended(self):
        self.waiting = True

    def mark_runnable(self):
        self.pending = True

    def held_or_suspended(self):
        return self.holding or (self.waiting and not self.pending)

    def run(self):
        packet = None
        if self.pending and self.waiting and not self.holding:
            packet = self.queue
            self.queue = packet.link
            if self.queue is None:
                self.set_running()
            else:
                self.pending = True
                self.waiting = False
                self.holding = False
        return self.task.run(packet)

    # adds a packet to this block's queue; answers the block to run next
    def check_priority_add(self, current, packet):
        if self.queue is None:
            self.queue = packet
            self.mark_runnable()
            if self.priority > current.priority:
                return self
        else:
            self.queue = packet.add_to(self.queue)
        return current


class Task:
    def __init__(self, scheduler):
        self.scheduler = scheduler


class IdleTask(Task):
    def __init__(self, scheduler, seed, count):
        super().__init__(scheduler)
        self.seed = seed
        self.count = count

    def run(self, packet):
        self.count -= 1
        if self.count == 0:
            return self.scheduler.hold_current()
        self.seed = (self.seed * 16807) % 2147483647
        if self.seed % 2 == 0:
            return self.scheduler.release(ID_DEVICE_A)
        else:
            return self.scheduler.release(ID_DEVICE_B)


class DeviceTask(Task):
    def __init__(self, scheduler):
        super().__init__(scheduler)
        self.pending = None

    def run(self, packet):
        if packet is None:
            if self.pending is None:
                return self.scheduler.suspend_current()
            p = self.pending
            self.pending = None
            return self.scheduler.enqueue(p)
        else:
            self.pending = packet
            return self.scheduler.hold_current()


class WorkerTask(Task):
    def __init__(self, scheduler, destination, count):
        super().__init__(scheduler)
        self.destination = destination
        self.count = count

    def run(self, packet):
        if packet is None:
            return self.scheduler.suspend_current()
        if self.destination == ID_HANDLER_A:
            self.destination = ID_HANDLER_B
        else:
            self.destination = ID_HANDLER_A
        packet.id = self.destination
        packet.a1 = 0
        data = packet.a2
        i = 0
        while i < DATA_SIZE:
            self.count += 1
            if self.count > 26:
                self.count = 1
            data[i] = self.count
            i += 1
        return self.scheduler.enqueue(packet)


class HandlerTask(Task):
    def __init__(self, scheduler):
        super().__init__(scheduler)
        self.work = None
        self.devices = None

    def run(self, packet):
        if packet is not None:
            if packet.kind == KIND_WORK:
                self.work = packet.add_to(self.work)
            else:
                self.devices = packet.add_to(self.devices)
        if self.work is not None:
            count = self.work.a1
            if count < DATA_SIZE:
                if self.devices is not None:
                    device = self.devices
                    self.devices = device.link
                    device.a1 = self.work.a2[count]
                    self.work.a1 = count + 1
                    return self.scheduler.enqueue(device)
            else:
                work = self.work
                self.work = work.link
                return self.scheduler.enqueue(work)
        return self.scheduler.suspend_current()


class Scheduler:
    def __init__(self):
        self.queue_count = 0
        self.hold_count = 0
        self.blocks = [None, None, None, None, None, None]
        self.list = None
        self.current = None
        self.current_id = None

    def add_task(self, id, priority, queue, task):
        self.current = Tcb(self.list, id, priority, queue, task)
        self.list = self.current
        self.blocks[id] = self.current

    def add_running_task(self, id, priority, queue, task):
        self.add_task(id, priority, queue, task)
        self.current.set_running()

    def schedule(self):
        self.current = self.list
        while self.current is not None:
            if self.current.held_or_suspended():
                self.current = self.current.link
            else:
                self.current_id = self.current.id
                self.current = self.current.run()

    def release(self, id):
        tcb = self.blocks[id]
        if tcb is None:
            return None
        tcb.mark_not_held()
        if tcb.priority > self.current.priority:
            return tcb
        else:
            return self.current

    def hold_current(self):
        self.hold_count += 1
        self.current.mark_held()
        return self.current.link

    def suspend_current(self):
        self.current.mark_suspended()
        return self.current

    def enqueue(self, packet):
        target = self.blocks[packet.id]
        if target is None:
            return None
        self.queue_count += 1
        packet.link = None
        packet.id = self.current_id
        return target.check_priority_add(self.current, packet)


def run_once(ticks):
    s = Scheduler()
    s.add_running_task(ID_IDLE, 0, None, IdleTask(s, 1, ticks))
    queue = Packet(None, ID_WORKER, KIND_WORK)
    queue = Packet(queue, ID_WORKER, KIND_WORK)
    s.add_task(ID_WORKER, 1000, queue, WorkerTask(s, ID_HANDLER_A, 0))
    queue = Packet(None, ID_DEVICE_A, KIND_DEVICE)
    queue = Packet(queue, ID_DEVICE_A, KIND_DEVICE)
    queue = Packet(queue, ID_DEVICE_A, KIND_DEVICE)
    s.add_task(ID_HANDLER_A, 2000, queue, HandlerTask(s))
    queue = Packet(None, ID_DEVICE_B, KIND_DEVICE)
    queue = Packet(queue, ID_DEVICE_B, KIND_DEVICE)
    queue = Packet(queue, ID_DEVICE_B, KIND_DEVICE)
    s.add_task(ID_HANDLER_B, 3000, queue, HandlerTask(s))
    s.add_task(ID_DEVICE_A, 4000, None, DeviceTask(s))
    s.add_task(ID_DEVICE_B, 5000, None, DeviceTask(s))
    s.schedule()
    return [s.queue_count, s.hold_count]


def main():
    runs = 20
    total_queued = 0
    total_held = 0
    last = None
    r = 0
    while r < runs:
        last = run_once(10000)
        total_queued += last[0]
        total_held += last[1]
        r += 1
    print("queue_count", last[0], "hold_count", last[1], "runs", runs,
          "total_queued", total_queued, "total_held", total_held)


main()
