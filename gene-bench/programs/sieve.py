# sieve: twin of sieve.gene. The array is filled with an explicit loop, as in the Gene
# program (not `[True] * n`); the code is inside a function, Python's fast form.
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000000
    is_prime = []
    i = 0
    while i < n:
        is_prime.append(True)
        i += 1
    is_prime[0] = False
    is_prime[1] = False

    p = 2
    while p * p < n:
        if is_prime[p]:
            m = p * p
            while m < n:
                is_prime[m] = False
                m += p
        p += 1

    count = 0
    for flag in is_prime:
        if flag:
            count += 1
    print(count)


main()
