# closures: twin of closures.gene. Hand-written map/filter/reduce (not the builtins), as in
# the Gene program; the driver is inside a function, Python's fast form.
def my_map(arr, f):
    out = []
    for x in arr:
        out.append(f(x))
    return out


def my_filter(arr, keep):
    out = []
    for x in arr:
        if keep(x):
            out.append(x)
    return out


def my_reduce(arr, init, f):
    acc = init
    for x in arr:
        acc = f(acc, x)
    return acc


def main():
    data = []
    i = 0
    while i < 100000:
        data.append(i)
        i += 1

    checksum = 0
    kept = 0
    rnd = 0
    while rnd < 30:
        scaled = my_map(data, lambda x: x * 3 + rnd)
        odd = my_filter(scaled, lambda x: x % 2 == 1)
        kept += len(odd)
        checksum += my_reduce(odd, rnd, lambda acc, x: acc + x % 1000)
        rnd += 1

    print("kept", kept, "checksum", checksum)


main()
