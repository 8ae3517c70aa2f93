# towers: twin of towers.gene. The counters are globals, as in the other twins.
$moves = 0
$violations = 0
$checksum = 0

def move(n, pegs, src, dst, via)
  return unless n > 0

  move(n - 1, pegs, src, via, dst)
  source = pegs[src]
  target = pegs[dst]
  disk = source.pop
  size = target.size
  if size > 0
    $violations += 1 if target[size - 1] < disk
  end
  target.push(disk)
  $moves += 1
  $checksum = (($checksum * 7) + (disk * 3) + dst) % 1000003
  move(n - 1, pegs, via, dst, src)
end

disks = 22
pegs = [[], [], []]
d = disks
while d >= 1
  pegs[0].push(d)
  d -= 1
end
move(disks, pegs, 0, 2, 1)
puts "moves #{$moves} violations #{$violations} checksum #{$checksum} " \
     "pegs #{pegs[0].size} #{pegs[1].size} #{pegs[2].size}"
