# async: twin of async.gene, on asyncio futures. asyncio runs done-callbacks on the next
# turn of the loop rather than at completion, so each round yields to the loop before
# reading the callbacks' total; the answer is the same.
import asyncio


async def round_(n, seed):
    loop = asyncio.get_running_loop()
    total = 0

    def add(f):
        nonlocal total
        total = (total + f.result()) % 1000003

    futures = []
    for i in range(n):
        f = loop.create_future()
        f.add_done_callback(add)
        futures.append(f)
    for i in range(n):
        futures[i].set_result((i * seed + 7) % 97)
    s = 0
    for i in range(n):
        done = loop.create_future()
        done.set_result(i % 13)
        s = (s + await futures[i] + await done) % 1000003
    first = loop.create_future()
    last = first
    for i in range(1, n):
        nxt = loop.create_future()
        last.add_done_callback(lambda f, nxt=nxt: nxt.set_result(f.result() + 1))
        last = nxt
    first.set_result(seed)
    end = await last
    await asyncio.sleep(0)
    return (s + total) % 1000003 + end


async def main():
    checksum = 0
    for r in range(1, 101):
        checksum = (checksum + await round_(10000, r)) % 1000003
    print(checksum)


asyncio.run(main())
