# loop: twin of loop.gene (a while loop with a counter, as in the Gene program). Inside a
# function because module-level names are dictionary lookups in CPython: the twin gets
# Python's fast form.
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50000000
    total = 0
    i = 0
    while i < n:
        total += i
        i += 1
    print(total)


main()
