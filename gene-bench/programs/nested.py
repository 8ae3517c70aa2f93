# nested: twin of nested.gene. `range` loops stand in for Gene's ranges; the code is inside
# functions, Python's fast form.
def make_matrix(n, a, b):
    rows = []
    for i in range(n):
        row = []
        for j in range(n):
            row.append(((i * a + j * b) % 16) / 8)
        rows.append(row)
    return rows


def mat_mul(x, y, n):
    rows = []
    for i in range(n):
        xi = x[i]
        row = []
        for j in range(n):
            total = 0.0
            for k in range(n):
                total += xi[k] * y[k][j]
            row.append(total)
        rows.append(row)
    return rows


def main():
    n = 250
    a = make_matrix(n, 7, 3)
    b = make_matrix(n, 5, 11)
    c = mat_mul(a, b, n)

    checksum = 0.0
    for i in range(n):
        ci = c[i]
        for j in range(n):
            checksum += ci[j] * ((i + j * 2) % 7 + 1)
    print("checksum", checksum)


main()
