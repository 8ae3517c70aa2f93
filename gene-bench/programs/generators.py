# generators: twin of generators.gene.
def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def not_thirds(source):
    for x in source:
        if x % 3 != 0:
            yield x


def squares_mod(source):
    for x in source:
        yield (x * x) % 1000


total = 0
for v in squares_mod(not_thirds(numbers(3000000))):
    total += v
print(total)
