# spectral_norm: twin of spectral_norm.gene. The code is inside functions, Python's fast form.
import math


def a_elem(i, j):
    ij = i + j
    return 1.0 / ((((ij * (ij + 1)) / 2) + i) + 1)


# out = A u
def mul_av(n, u, out):
    i = 0
    while i < n:
        total = 0.0
        j = 0
        while j < n:
            total += a_elem(i, j) * u[j]
            j += 1
        out[i] = total
        i += 1


# out = A^T u
def mul_atv(n, u, out):
    i = 0
    while i < n:
        total = 0.0
        j = 0
        while j < n:
            total += a_elem(j, i) * u[j]
            j += 1
        out[i] = total
        i += 1


def mul_atav(n, u, out, tmp):
    mul_av(n, u, tmp)
    mul_atv(n, tmp, out)


# x to nine decimals, rounding halves up, the same way in every twin.
def fmt9(x):
    sign = ""
    if x < 0:
        sign = "-"
        x = -x
    n = math.floor((x * 1000000000) + 0.5)
    frac = n % 1000000000
    whole = (n - frac) // 1000000000
    return f"{sign}{whole}." + str(frac).rjust(9, "0")


def filled(n, x):
    a = []
    i = 0
    while i < n:
        a.append(x)
        i += 1
    return a


def main():
    n = 500
    u = filled(n, 1.0)
    v = filled(n, 0.0)
    tmp = filled(n, 0.0)
    for _ in range(10):
        mul_atav(n, u, v, tmp)
        mul_atav(n, v, u, tmp)
    vbv = 0.0
    vv = 0.0
    i = 0
    while i < n:
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
        i += 1
    print(fmt9(math.sqrt(vbv / vv)))


main()
