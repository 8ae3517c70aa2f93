-- string_build: twin of string_build.gene (Lua 5.4 and LuaJIT). `..` stands in for
-- `.append` and for interpolation, string.rep for `.repeat`, table.concat for `.join`.
local n = 500000
local lines = {}
local checksum = 0
for i = 0, n - 1 do
  local line = "row" .. i .. ":"
  for j = 0, 5 do
    line = line .. ((i * (j + 3)) % 1009) .. ","
  end
  line = line .. string.rep(".", i % 5)
  line = line .. "[" .. #line .. "|" .. (i % 7) .. "]"
  checksum = ((checksum * 31) + #line) % 1000003
  lines[#lines + 1] = line
end
local text = table.concat(lines, "\n")
print(string.format("length %d lines %d checksum %d", #text, #lines, checksum))
