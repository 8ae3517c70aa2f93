# towers: twin of towers.gene. The code is inside functions, Python's fast form.
moves = 0
violations = 0
checksum = 0


def move(n, pegs, src, dst, via):
    global moves, violations, checksum
    if n > 0:
        move(n - 1, pegs, src, via, dst)
        source = pegs[src]
        target = pegs[dst]
        disk = source.pop()
        size = len(target)
        if size > 0:
            if target[size - 1] < disk:
                violations += 1
        target.append(disk)
        moves += 1
        checksum = ((checksum * 7) + (disk * 3) + dst) % 1000003
        move(n - 1, pegs, via, dst, src)


def main():
    disks = 22
    pegs = [[], [], []]
    d = disks
    while d >= 1:
        pegs[0].append(d)
        d -= 1
    move(disks, pegs, 0, 2, 1)
    print("moves", moves, "violations", violations, "checksum", checksum,
          "pegs", len(pegs[0]), len(pegs[1]), len(pegs[2]))


main()
