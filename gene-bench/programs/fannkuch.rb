# fannkuch: twin of fannkuch.gene.
def fannkuch(n)
  perm1 = []
  perm = []
  count = []
  i = 0
  while i < n
    perm1.push(i)
    perm.push(0)
    count.push(0)
    i += 1
  end
  checksum = 0
  max_flips = 0
  perm_count = 0
  r = n
  done = false
  until done
    while r != 1
      r -= 1
      count[r] = r + 1
    end
    i = 0
    while i < n
      perm[i] = perm1[i]
      i += 1
    end
    flips = 0
    k = perm[0]
    while k != 0
      lo = 0
      hi = k
      while lo < hi
        t = perm[lo]
        perm[lo] = perm[hi]
        perm[hi] = t
        lo += 1
        hi -= 1
      end
      flips += 1
      k = perm[0]
    end
    max_flips = flips if flips > max_flips
    if perm_count.even?
      checksum += flips
    else
      checksum -= flips
    end
    # the next permutation: rotate the first r+1 elements until a counter is left
    advanced = false
    until advanced
      if r == n
        done = true
        break
      end
      first = perm1[0]
      i = 0
      while i < r
        nxt = i + 1
        perm1[i] = perm1[nxt]
        i = nxt
      end
      perm1[r] = first
      count[r] = count[r] - 1
      if count[r] > 0
        advanced = true
      else
        r += 1
      end
    end
    perm_count += 1
  end
  [checksum, max_flips, perm_count]
end

round = 1
while round <= 3
  checksum, max_flips, perms = fannkuch(9)
  puts "round #{round} checksum #{checksum} max_flips #{max_flips} permutations #{perms}"
  round += 1
end
