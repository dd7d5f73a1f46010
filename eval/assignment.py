"""Optimal one-to-one assignment (Hungarian method), pure Python.

scipy's linear_sum_assignment would do, but it would pull numpy and scipy (~100 MB)
into a tool whose matrices are a few dozen items a side once split into blocks
of compatible items; this is the O(n^2 m) shortest-augmenting-path version.
"""

from __future__ import annotations

INF = float("inf")


def _min_cost_rows(cost: list[list[float]]) -> list[tuple[int, int]]:
    """Assign every row (n <= m) to a distinct column at least total cost."""
    n, m = len(cost), len(cost[0])
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j] = row (1-based) assigned to column j
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [INF] * (m + 1)
        used = [False] * (m + 1)
        while owner[j0] != 0:
            used[j0] = True
            i0, delta, j1 = owner[j0], INF, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]


def _blocks(weight: list[list[float]]) -> list[tuple[list[int], list[int]]]:
    """Connected groups of rows and columns joined by positive weights (union-find)."""
    n = len(weight)
    parent = list(range(n + len(weight[0])))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r, row in enumerate(weight):
        for c, w in enumerate(row):
            if w > 0:
                parent[find(r)] = find(n + c)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for r, row in enumerate(weight):
        if any(w > 0 for w in row):
            groups.setdefault(find(r), ([], []))[0].append(r)
    for c in range(len(weight[0])):
        if any(row[c] > 0 for row in weight):
            groups.setdefault(find(n + c), ([], []))[1].append(c)
    return list(groups.values())


def max_weight_assignment(weight: list[list[float]]) -> list[tuple[int, int]]:
    """(row, column) pairs maximising the total weight; pairs of weight <= 0 are dropped.

    A weight of 0 marks a pair that may not be made: it adds nothing to the total, so
    the optimum never needs it, and it is removed from the answer. Items only compete
    within a block of mutually compatible ones, so each block is solved on its own.
    """
    if not weight or not weight[0]:
        return []
    pairs: list[tuple[int, int]] = []
    for rows, cols in _blocks(weight):
        sub = [[weight[r][c] for c in cols] for r in rows]
        pairs += [(rows[r], cols[c]) for r, c in _solve(sub)]
    return sorted(pairs)


def _solve(weight: list[list[float]]) -> list[tuple[int, int]]:
    transposed = len(weight) > len(weight[0])
    rows = [list(col) for col in zip(*weight, strict=True)] if transposed else weight
    pairs = _min_cost_rows([[-w for w in row] for row in rows])
    if transposed:
        pairs = [(c, r) for r, c in pairs]
    return sorted((r, c) for r, c in pairs if weight[r][c] > 0)
