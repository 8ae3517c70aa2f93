# nqueens: twin of nqueens.gene. `tried` is a global, as it is in the other twins.
$tried = 0

def place(row, n, cols, diag1, diag2)
  return 1 if row == n

  count = 0
  c = 0
  while c < n
    $tried += 1
    d1 = row + c
    d2 = (row - c) + (n - 1)
    unless cols[c] || diag1[d1] || diag2[d2]
      cols[c] = true
      diag1[d1] = true
      diag2[d2] = true
      count += place(row + 1, n, cols, diag1, diag2)
      cols[c] = false
      diag1[d1] = false
      diag2[d2] = false
    end
    c += 1
  end
  count
end

def falses(n)
  a = []
  i = 0
  while i < n
    a.push(false)
    i += 1
  end
  a
end

n = 1
while n <= 12
  $tried = 0
  solutions = place(0, n, falses(n), falses(2 * n), falses(2 * n))
  puts "queens #{n} solutions #{solutions} tried #{$tried}"
  n += 1
end
