# quicksort: twin of quicksort.gene.
def qsort(a, lo, hi)
  i = lo
  j = hi
  pivot = a[(lo + hi) / 2]
  while i <= j
    i += 1 while a[i] < pivot
    j -= 1 while a[j] > pivot
    next unless i <= j

    t = a[i]
    a[i] = a[j]
    a[j] = t
    i += 1
    j -= 1
  end
  qsort(a, lo, j) if lo < j
  qsort(a, i, hi) if i < hi
end

n = 1000000
seed = 42
a = []
k = 0
while k < n
  seed = (seed * 16807) % 2147483647
  a.push(seed % 1000000)
  k += 1
end
qsort(a, 0, n - 1)
unordered = 0
checksum = 0
k = 0
while k < n
  unordered += 1 if k > 0 && a[k - 1] > a[k]
  checksum = ((checksum * 31) + a[k]) % 1000003
  k += 1
end
puts "sorted #{n} unordered #{unordered} min #{a[0]} median #{a[n / 2]} max #{a[n - 1]} checksum #{checksum}"
