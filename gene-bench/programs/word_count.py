# word_count: twin of word_count.gene. The code is inside a function, Python's fast form.
def main():
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi",
                 "be", "do", "fu", "ga", "hi", "ju", "pe", "so"]
    n = 900000
    seed = 7
    words = []
    i = 0
    while i < n:
        seed = (seed * 16807) % 2147483647
        parts = (seed % 3) + 1
        word = ""
        p = 0
        while p < parts:
            seed = (seed * 16807) % 2147483647
            s = seed % 16
            word = f"{word}{syllables[s]}"
            p += 1
        words.append(word)
        i += 1
    text = " ".join(words)

    counts = {}
    total = 0
    distinct = 0
    for w in text.split(" "):
        if w in counts:
            counts[w] += 1
        else:
            counts[w] = 1
            distinct += 1
        total += 1

    # the ten most frequent words, by count and then by word, one pass over the map for each
    taken = {}
    rank = 1
    while rank <= 10:
        best = None
        best_count = 0
        for w, c in counts.items():
            if w not in taken:
                if c > best_count or (c == best_count and w < best):
                    best = w
                    best_count = c
        taken[best] = True
        print(rank, best, best_count)
        rank += 1
    print("words", total, "distinct", distinct, "length", len(text))


main()
