# binary_trees: twin of binary_trees.gene. The code is inside functions, Python's fast form.
class Node:
    def __init__(self, left, right):
        self.left = left
        self.right = right


def make(depth):
    if depth == 0:
        return Node(None, None)
    return Node(make(depth - 1), make(depth - 1))


def check(tree):
    if tree.left is None:
        return 1
    return 1 + check(tree.left) + check(tree.right)


def main():
    min_depth = 4
    max_depth = 14
    print("stretch tree of depth", max_depth + 1, "check", check(make(max_depth + 1)))
    long_lived = make(max_depth)
    depth = min_depth
    while depth <= max_depth:
        iterations = 1
        e = 0
        while e < (max_depth - depth) + min_depth:
            iterations *= 2
            e += 1
        total = 0
        i = 0
        while i < iterations:
            total += check(make(depth))
            i += 1
        print(iterations, "trees of depth", depth, "check", total)
        depth += 2
    print("long lived tree of depth", max_depth, "check", check(long_lived))


main()
