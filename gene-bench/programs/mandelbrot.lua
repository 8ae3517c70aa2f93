-- mandelbrot: twin of mandelbrot.gene (Lua 5.4 and LuaJIT).
local size = 750
local limit = 50
local inside = 0
local escaped_iters = 0
local checksum = 0
for y = 0, size - 1 do
  local ci = ((2.0 * y) / size) - 1.0
  local row = 0
  for x = 0, size - 1 do
    local cr = ((2.0 * x) / size) - 1.5
    local zr, zi = 0.0, 0.0
    local k = 0
    local bounded = true
    while k < limit do
      local tr = ((zr * zr) - (zi * zi)) + cr
      zi = ((2.0 * zr) * zi) + ci
      zr = tr
      if ((zr * zr) + (zi * zi)) > 4.0 then
        bounded = false
        break
      end
      k = k + 1
    end
    if bounded then
      inside = inside + 1
      row = ((row * 2) + 1) % 1000003
    else
      escaped_iters = escaped_iters + k
      row = (row * 2) % 1000003
    end
  end
  checksum = ((checksum * 31) + row) % 1000003
end
print(string.format("inside %d escaped_iterations %d checksum %d", inside, escaped_iters, checksum))
