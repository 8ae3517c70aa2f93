# nested: twin of nested.gene. `each` over ranges stands in for Gene's `for … in` ranges.
def make_matrix(n, a, b)
  rows = []
  (0..n - 1).each do |i|
    row = []
    (0..n - 1).each do |j|
      row.push(((i * a + j * b) % 16) / 8.0)
    end
    rows.push(row)
  end
  rows
end

def mat_mul(x, y, n)
  rows = []
  (0..n - 1).each do |i|
    xi = x[i]
    row = []
    (0..n - 1).each do |j|
      sum = 0.0
      (0..n - 1).each do |k|
        sum += xi[k] * y[k][j]
      end
      row.push(sum)
    end
    rows.push(row)
  end
  rows
end

n = 250
a = make_matrix(n, 7, 3)
b = make_matrix(n, 5, 11)
c = mat_mul(a, b, n)

checksum = 0.0
(0..n - 1).each do |i|
  ci = c[i]
  (0..n - 1).each do |j|
    checksum += ci[j] * ((i + j * 2) % 7 + 1)
  end
end
puts "checksum #{checksum}"
