# objects: twin of objects.gene.
class Vec2:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vec2(self.x + other.x, self.y + other.y)

    def scale(self, k):
        return Vec2(self.x * k, self.y * k)

    def dot(self, other):
        return self.x * other.x + self.y * other.y


def run(n):
    acc = Vec2(0, 0)
    step = Vec2(1, 2)
    checksum = 0
    i = 0
    while i < n:
        v = acc.add(step).scale(1)
        checksum = (checksum + v.dot(step)) % 1000003
        acc = v
        i += 1
    return checksum, acc.x, acc.y


c, x, y = run(2000000)
print(f"[{c} {x} {y}]")
