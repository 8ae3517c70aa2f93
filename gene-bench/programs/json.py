# json: twin of json.gene, with Python's json module (its C accelerator) and compact
# separators, as gene/json/stringify writes; the code is inside a function. This file's
# folder comes first on the module path and the file is itself named json, so it steps
# aside before importing the library's json.
import sys

sys.path.pop(0)
import json  # noqa: E402


def main():
    n = 80000
    records = []
    i = 0
    while i < n:
        records.append({"id": i,
                        "name": f"user{i}",
                        "score": (i % 1000) + 0.25,
                        "active": (i % 3) == 0,
                        "tags": [f"t{i % 7}", f"t{i % 13}"],
                        "meta": {"x": i % 100, "y": None, "note": "say \"hi\" \\ ok"}})
        i += 1
    text = json.dumps({"version": 1, "records": records}, separators=(",", ":"))
    parsed = json.loads(text)
    again = json.dumps(parsed, separators=(",", ":"))

    total = 0
    bad = 0
    count = 0
    for r in parsed["records"]:
        total += r["id"] + r["meta"]["x"] + len(r["name"]) + len(r["tags"])
        if r["active"]:
            total += 1
        if r["score"] != (r["id"] % 1000) + 0.25:
            bad += 1
        if r["meta"]["y"] is not None:
            bad += 1
        count += 1
    same = "true" if text == again else "false"
    print(f"length={len(text)} again={len(again)} same={same} records={count} bad={bad} sum={total}")


main()
