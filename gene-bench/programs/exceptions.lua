-- exceptions: twin of exceptions.gene (Lua 5.4 and LuaJIT). Exceptions are instances of
-- metatable classes thrown with error() and caught with pcall; a catch clause is a test of
-- the error's class chain, and finally is code that runs after the pcall either way before
-- the error, if any, is thrown on.
local Exception = {}
Exception.__index = Exception
function Exception.init(self, message)
  self.message = message
  return self
end
function Exception.new(message) return Exception.init(setmetatable({}, Exception), message) end

local AppError = setmetatable({}, {__index = Exception})
AppError.__index = AppError
AppError.parent = Exception
function AppError.init(self, code)
  Exception.init(self, "app error")
  self.code = code
  return self
end
function AppError.new(code) return AppError.init(setmetatable({}, AppError), code) end

local NotFound = setmetatable({}, {__index = AppError})
NotFound.__index = NotFound
NotFound.parent = AppError
function NotFound.new(code)
  local self = AppError.init(setmetatable({}, NotFound), code)
  self.path = "missing"
  return self
end

-- whether the value is an instance of the class or of a class deriving from it
local function is_a(value, class)
  local c = getmetatable(value)
  while c do
    if c == class then
      return true
    end
    c = c.parent
  end
  return false
end

local cleanups = 0

local function level3(i)
  local kind = i % 4
  if kind == 1 then
    error(AppError.new(i))
  elseif kind == 2 then
    error(NotFound.new(i))
  elseif kind == 3 then
    error(Exception.new("plain failure"))
  end
  return i
end

local function level2(i)
  local ok, result = pcall(level3, i)
  cleanups = cleanups + 1
  if not ok then
    error(result, 0)
  end
  return result + 1
end

local function level1(i)
  return level2(i) * 2
end

local n = 1200000
local ok_count, app, missing, plain, finals, checksum = 0, 0, 0, 0, 0, 0
for i = 0, n - 1 do
  local ok, result = pcall(level1, i)
  if ok then
    checksum = checksum + result % 1000
    ok_count = ok_count + 1
  elseif is_a(result, NotFound) then
    missing = missing + 1
    checksum = checksum + (result.code % 7) + #result.path
  elseif is_a(result, AppError) then
    app = app + 1
    checksum = checksum + result.code % 5
  else
    plain = plain + 1
    checksum = checksum + #result.message
  end
  finals = finals + 1
  checksum = checksum % 1000003
end
print(string.format("ok %d app %d missing %d plain %d finally %d cleanups %d checksum %d",
  ok_count, app, missing, plain, finals, cleanups, checksum))
