# spectral_norm: twin of spectral_norm.gene. (ij * (ij + 1)) is even, so the integer
# division by 2 is exact, as the other twins' float division is.
def a_elem(i, j)
  ij = i + j
  1.0 / ((((ij * (ij + 1)) / 2) + i) + 1)
end

# out = A u
def mul_av(n, u, out)
  i = 0
  while i < n
    sum = 0.0
    j = 0
    while j < n
      sum += a_elem(i, j) * u[j]
      j += 1
    end
    out[i] = sum
    i += 1
  end
end

# out = A^T u
def mul_atv(n, u, out)
  i = 0
  while i < n
    sum = 0.0
    j = 0
    while j < n
      sum += a_elem(j, i) * u[j]
      j += 1
    end
    out[i] = sum
    i += 1
  end
end

def mul_atav(n, u, out, tmp)
  mul_av(n, u, tmp)
  mul_atv(n, tmp, out)
end

# x to nine decimals, rounding halves up, the same way in every twin.
def fmt9(x)
  sign = ""
  if x < 0
    sign = "-"
    x = -x
  end
  n = ((x * 1000000000) + 0.5).floor
  frac = n % 1000000000
  whole = (n - frac) / 1000000000
  "#{sign}#{whole}." + frac.to_s.rjust(9, "0")
end

def filled(n, x)
  a = []
  i = 0
  while i < n
    a.push(x)
    i += 1
  end
  a
end

n = 500
u = filled(n, 1.0)
v = filled(n, 0.0)
tmp = filled(n, 0.0)
10.times do
  mul_atav(n, u, v, tmp)
  mul_atav(n, v, u, tmp)
end
vbv = 0.0
vv = 0.0
i = 0
while i < n
  vbv += u[i] * v[i]
  vv += v[i] * v[i]
  i += 1
end
puts fmt9(Math.sqrt(vbv / vv))
