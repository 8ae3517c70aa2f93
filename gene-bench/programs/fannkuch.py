# fannkuch: twin of fannkuch.gene. The code is inside functions, Python's fast form.
def fannkuch(n):
    perm1 = []
    perm = []
    count = []
    i = 0
    while i < n:
        perm1.append(i)
        perm.append(0)
        count.append(0)
        i += 1
    checksum = 0
    max_flips = 0
    perm_count = 0
    r = n
    done = False
    while not done:
        while r != 1:
            r -= 1
            count[r] = r + 1
        i = 0
        while i < n:
            perm[i] = perm1[i]
            i += 1
        flips = 0
        k = perm[0]
        while k != 0:
            lo = 0
            hi = k
            while lo < hi:
                t = perm[lo]
                perm[lo] = perm[hi]
                perm[hi] = t
                lo += 1
                hi -= 1
            flips += 1
            k = perm[0]
        if flips > max_flips:
            max_flips = flips
        if perm_count % 2 == 0:
            checksum += flips
        else:
            checksum -= flips
        # the next permutation: rotate the first r+1 elements until a counter is left
        advanced = False
        while not advanced:
            if r == n:
                done = True
                break
            first = perm1[0]
            i = 0
            while i < r:
                nxt = i + 1
                perm1[i] = perm1[nxt]
                i = nxt
            perm1[r] = first
            count[r] = count[r] - 1
            if count[r] > 0:
                advanced = True
            else:
                r += 1
        perm_count += 1
    return [checksum, max_flips, perm_count]


def main():
    rnd = 1
    while rnd <= 3:
        result = fannkuch(9)
        print("round", rnd, "checksum", result[0], "max_flips", result[1], "permutations", result[2])
        rnd += 1


main()
