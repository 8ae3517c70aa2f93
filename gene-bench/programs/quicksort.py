# quicksort: twin of quicksort.gene. The code is inside functions, Python's fast form.
def qsort(a, lo, hi):
    i = lo
    j = hi
    pivot = a[(lo + hi) // 2]
    while i <= j:
        while a[i] < pivot:
            i += 1
        while a[j] > pivot:
            j -= 1
        if i <= j:
            t = a[i]
            a[i] = a[j]
            a[j] = t
            i += 1
            j -= 1
    if lo < j:
        qsort(a, lo, j)
    if i < hi:
        qsort(a, i, hi)


def main():
    n = 1000000
    seed = 42
    a = []
    k = 0
    while k < n:
        seed = (seed * 16807) % 2147483647
        a.append(seed % 1000000)
        k += 1
    qsort(a, 0, n - 1)
    unordered = 0
    checksum = 0
    k = 0
    while k < n:
        if k > 0 and a[k - 1] > a[k]:
            unordered += 1
        checksum = ((checksum * 31) + a[k]) % 1000003
        k += 1
    print("sorted", n, "unordered", unordered, "min", a[0], "median", a[n // 2],
          "max", a[n - 1], "checksum", checksum)


main()
