-- json: twin of json.gene (Lua 5.4 and LuaJIT), with a JSON writer and reader written here
-- in plain Lua (Lua has none). An object is a table with its keys in order in `__keys`, so
-- it is written back in the order it was read; `null` is a unique table.
local null = {}

local function object(keys, values)
  values.__keys = keys
  return values
end

local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\r'] = '\\r',
                  ['\t'] = '\\t', ['\b'] = '\\b', ['\f'] = '\\f' }

local function escape_char(c)
  return escapes[c] or string.format("\\u%04x", c:byte())
end

local function write_string(out, s)
  out[#out + 1] = '"'
  out[#out + 1] = (s:gsub('[%c"\\]', escape_char))
  out[#out + 1] = '"'
end

local write

local function write_number(out, v)
  if math.type and math.type(v) == "integer" then
    out[#out + 1] = tostring(v)
  elseif v == math.floor(v) and v > -1e15 and v < 1e15 and not math.type then
    -- LuaJIT has only floats: integral values are the integers the document holds.
    out[#out + 1] = string.format("%d", v)
  else
    out[#out + 1] = string.format("%.17g", v)
  end
end

write = function(out, v)
  local t = type(v)
  if t == "string" then
    write_string(out, v)
  elseif t == "number" then
    write_number(out, v)
  elseif t == "boolean" then
    out[#out + 1] = v and "true" or "false"
  elseif v == null then
    out[#out + 1] = "null"
  elseif v.__keys then
    out[#out + 1] = "{"
    for i, k in ipairs(v.__keys) do
      if i > 1 then out[#out + 1] = "," end
      write_string(out, k)
      out[#out + 1] = ":"
      write(out, v[k])
    end
    out[#out + 1] = "}"
  else
    out[#out + 1] = "["
    for i = 1, #v do
      if i > 1 then out[#out + 1] = "," end
      write(out, v[i])
    end
    out[#out + 1] = "]"
  end
end

local function stringify(v)
  local out = {}
  write(out, v)
  return table.concat(out)
end

local unescapes = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f',
                    n = '\n', r = '\r', t = '\t' }

local function parse(text)
  local pos = 1
  local read

  local function skip()
    pos = text:find("[^ \t\r\n]", pos) or (#text + 1)
  end

  local function read_string()
    -- pos is at the opening quote.
    local start = pos + 1
    local stop = text:find('["\\]', start)
    if text:byte(stop) == 34 then
      pos = stop + 1
      return text:sub(start, stop - 1)
    end
    local parts = {}
    local i = start
    while true do
      local j = text:find('["\\]', i)
      parts[#parts + 1] = text:sub(i, j - 1)
      if text:byte(j) == 34 then
        pos = j + 1
        return table.concat(parts)
      end
      local c = text:sub(j + 1, j + 1)
      if c == "u" then
        local code = tonumber(text:sub(j + 2, j + 5), 16)
        parts[#parts + 1] = utf8 and utf8.char(code) or string.char(code)
        i = j + 6
      else
        parts[#parts + 1] = unescapes[c]
        i = j + 2
      end
    end
  end

  read = function()
    skip()
    local c = text:byte(pos)
    if c == 123 then -- {
      pos = pos + 1
      local keys, values = {}, {}
      skip()
      if text:byte(pos) == 125 then
        pos = pos + 1
        return object(keys, values)
      end
      while true do
        skip()
        local key = read_string()
        skip()
        pos = pos + 1 -- :
        keys[#keys + 1] = key
        values[key] = read()
        skip()
        local sep = text:byte(pos)
        pos = pos + 1
        if sep == 125 then return object(keys, values) end
      end
    elseif c == 91 then -- [
      pos = pos + 1
      local items = {}
      skip()
      if text:byte(pos) == 93 then
        pos = pos + 1
        return items
      end
      while true do
        items[#items + 1] = read()
        skip()
        local sep = text:byte(pos)
        pos = pos + 1
        if sep == 93 then return items end
      end
    elseif c == 34 then
      return read_string()
    elseif c == 116 then
      pos = pos + 4
      return true
    elseif c == 102 then
      pos = pos + 5
      return false
    elseif c == 110 then
      pos = pos + 4
      return null
    else
      local s, e = text:find("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
      local literal = text:sub(s, e)
      pos = e + 1
      if literal:find("[.eE]") then
        return tonumber(literal) + 0.0
      end
      return math.tointeger and math.tointeger(tonumber(literal)) or tonumber(literal)
    end
  end

  return read()
end

local n = 80000
local records = {}
for i = 0, n - 1 do
  records[#records + 1] = object({ "id", "name", "score", "active", "tags", "meta" }, {
    id = i,
    name = "user" .. i,
    score = (i % 1000) + 0.25,
    active = (i % 3) == 0,
    tags = { "t" .. (i % 7), "t" .. (i % 13) },
    meta = object({ "x", "y", "note" }, { x = i % 100, y = null, note = 'say "hi" \\ ok' }),
  })
end
local text = stringify(object({ "version", "records" }, { version = 1, records = records }))
local parsed = parse(text)
local again = stringify(parsed)

local sum, bad, count = 0, 0, 0
for _, r in ipairs(parsed.records) do
  sum = sum + r.id + r.meta.x + #r.name + #r.tags
  if r.active then sum = sum + 1 end
  if r.score ~= (r.id % 1000) + 0.25 then bad = bad + 1 end
  if r.meta.y ~= null then bad = bad + 1 end
  count = count + 1
end
print(string.format("length=%d again=%d same=%s records=%d bad=%d sum=%d",
  #text, #again, tostring(text == again), count, bad, sum))
