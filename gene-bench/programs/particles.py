# particles: twin of particles.gene.
class Particle:
    def __init__(self, x, v):
        self.x = x
        self.v = v

    def step(self):
        self.x = (self.x + self.v) % 10007

    def energy(self):
        return self.v * self.v


class Heavy(Particle):
    def __init__(self, x, v, m):
        super().__init__(x, v)
        self.m = m

    def step(self):
        super().step()
        self.x = (self.x + self.m) % 10007

    def energy(self):
        return self.m * super().energy()


class Bouncy(Heavy):
    def __init__(self, x, v):
        super().__init__(x, v, 2)
        self.bounces = 0

    def step(self):
        super().step()
        if self.x > 9000:
            self.v = 1
            self.bounces += 1
        if self.x < 100:
            self.v = 5


def make(n):
    out = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            out.append(Particle(i, (i % 7) + 1))
        elif kind == 1:
            out.append(Heavy(i, (i % 5) + 1, 3))
        else:
            out.append(Bouncy(i, (i % 11) + 1))
    return out


def simulate(particles, steps):
    for _ in range(steps):
        for p in particles:
            p.step()
    checksum = 0
    energy = 0
    for p in particles:
        checksum = (checksum * 31 + p.x) % 1000003
        energy += p.energy()
    return checksum, energy


c, e = simulate(make(300), 10000)
print(f"[{c} {e}]")
