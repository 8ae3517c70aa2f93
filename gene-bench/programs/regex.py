# regex: twin of regex.gene, with `re`. The text, its patterns and the answers are the
# same; `re.findall` stands in for `.find_all`, `re.finditer` for `.match_all`, `re.sub`
# for `.replace_all`. The code is inside a function, Python's fast form.
import re


def main():
    words = ["running", "jump", "walking", "sing", "quick", "brown", "fox", "reading",
             "lazy", "dog", "swimming", "data"]
    seed = 42

    def draw(n):
        nonlocal seed
        seed = (seed * 69069 + 1) % 2147483648
        return seed % n

    lines = []
    i = 0
    while i < 20000:
        user = draw(5000)
        host = draw(300)
        page = draw(1000)
        year = 2000 + draw(30)
        month = str(draw(12) + 1)
        day = str(draw(28) + 1)
        status = draw(600)
        took = draw(2000)
        w1 = words[draw(12)]
        w2 = words[draw(12)]
        lines.append(f"user{user}@host{host}.com visited /page/{page} on {year}-{month.rjust(2, '0')}-{day.rjust(2, '0')} status {status} took {took}ms while {w1} and {w2} the data\n")
        i += 1
    text = "".join(lines) * 5

    emails = len(re.findall(r"(\w+)@(\w+)\.com", text))
    dates = len(re.findall(r"\d\d\d\d-\d\d-\d\d", text))
    ing = len(re.findall(r"\b\w+ing\b", text))
    statuses = 0
    total = 0
    for m in re.finditer(r"status (\d+) took (\d+)ms", text):
        statuses += 1
        total += int(m.group(1)) + int(m.group(2))
    rewritten = re.sub(r"(\d\d\d\d)-(\d\d)-(\d\d)", r"\3/\2/\1", text)
    swapped = len(re.findall(r"\d\d/\d\d/\d\d\d\d", rewritten))
    print(f"length={len(text)} emails={emails} dates={dates} ing={ing}")
    print(f"statuses={statuses} total={total} rewritten={len(rewritten)} swapped={swapped}")


main()
