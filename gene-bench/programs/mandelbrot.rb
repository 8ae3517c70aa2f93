# mandelbrot: twin of mandelbrot.gene.
size = 750
limit = 50
inside = 0
escaped_iters = 0
checksum = 0
y = 0
while y < size
  ci = ((2.0 * y) / size) - 1.0
  row = 0
  x = 0
  while x < size
    cr = ((2.0 * x) / size) - 1.5
    zr = 0.0
    zi = 0.0
    k = 0
    bounded = true
    while k < limit
      tr = ((zr * zr) - (zi * zi)) + cr
      zi = ((2.0 * zr) * zi) + ci
      zr = tr
      if ((zr * zr) + (zi * zi)) > 4.0
        bounded = false
        break
      end
      k += 1
    end
    if bounded
      inside += 1
      row = ((row * 2) + 1) % 1000003
    else
      escaped_iters += k
      row = (row * 2) % 1000003
    end
    x += 1
  end
  checksum = ((checksum * 31) + row) % 1000003
  y += 1
end
puts "inside #{inside} escaped_iterations #{escaped_iters} checksum #{checksum}"
