# string_build: twin of string_build.gene. `+` stands in for `.append`, f-strings for
# Gene's interpolation, `*` for `.repeat`; the code is inside a function, Python's fast form.
def main():
    n = 500000
    lines = []
    checksum = 0
    i = 0
    while i < n:
        line = f"row{i}:"
        j = 0
        while j < 6:
            line = line + str((i * (j + 3)) % 1009) + ","
            j += 1
        line = line + ("." * (i % 5))
        line = f"{line}[{len(line)}|{i % 7}]"
        checksum = ((checksum * 31) + len(line)) % 1000003
        lines.append(line)
        i += 1
    text = "\n".join(lines)
    print("length", len(text), "lines", len(lines), "checksum", checksum)


main()
