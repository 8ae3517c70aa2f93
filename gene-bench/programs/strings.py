# strings: twin of strings.gene. `+` stands in for `.append`, f-strings for Gene's
# interpolation; the code is inside a function, Python's fast form.
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400000
    chunks = []
    chunk = ""
    i = 0
    while i < n:
        chunk = chunk + f"k{i}={(i * 7919) % 10007},"
        if i % 100 == 99:
            chunks.append(chunk)
            chunk = ""
        i += 1
    chunks.append(chunk)
    text = "".join(chunks)

    records = 0
    bad = 0
    total = 0
    for item in text.split(","):
        if item != "":
            fields = item.split("=")
            if fields[0] != f"k{records}":
                bad += 1
            total += int(fields[1])
            records += 1
    print(f"length={len(text)} records={records} bad={bad} sum={total}")


main()
