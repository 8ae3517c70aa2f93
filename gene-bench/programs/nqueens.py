# nqueens: twin of nqueens.gene. The code is inside functions, Python's fast form.
tried = 0


def place(row, n, cols, diag1, diag2):
    global tried
    if row == n:
        return 1
    count = 0
    c = 0
    while c < n:
        tried += 1
        d1 = row + c
        d2 = (row - c) + (n - 1)
        if not (cols[c] or diag1[d1] or diag2[d2]):
            cols[c] = True
            diag1[d1] = True
            diag2[d2] = True
            count += place(row + 1, n, cols, diag1, diag2)
            cols[c] = False
            diag1[d1] = False
            diag2[d2] = False
        c += 1
    return count


def falses(n):
    a = []
    i = 0
    while i < n:
        a.append(False)
        i += 1
    return a


def main():
    global tried
    n = 1
    while n <= 12:
        tried = 0
        solutions = place(0, n, falses(n), falses(2 * n), falses(2 * n))
        print("queens", n, "solutions", solutions, "tried", tried)
        n += 1


main()
