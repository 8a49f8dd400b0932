"""Solves a Jessica model IR (JSON) with scipy.optimize.milp, i.e. native HiGHS, and prints its solve time.

Usage: python3 nativeHighs.py MODEL.json TIME_LIMIT
Prints one JSON line: {"seconds": ..., "status": ..., "objective": ..., "highs": scipy's HiGHS}.
"""
import json
import sys
import time

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

BIG = 1e30


def main() -> None:
    path, limit = sys.argv[1], float(sys.argv[2])
    with open(path) as f:
        ir = json.load(f)
    cols, rows, m = ir["cols"], ir["rows"], ir["matrix"]
    n = len(cols["names"])
    A = sparse.csr_matrix((m["value"], m["index"], m["starts"]), shape=(len(rows["names"]), n))
    def inf(v):
        v = v.copy()
        v[v >= BIG] = np.inf
        v[v <= -BIG] = -np.inf
        return v

    c = np.array(cols["cost"], dtype=float)
    if ir["sense"] == "maximize":
        c = -c
    integrality = np.array([1 if t == "integer" else 0 for t in cols["types"]])
    constraints = LinearConstraint(A, inf(np.array(rows["lower"], dtype=float)), inf(np.array(rows["upper"], dtype=float)))
    bounds = Bounds(inf(np.array(cols["lower"], dtype=float)), inf(np.array(cols["upper"], dtype=float)))
    start = time.perf_counter()
    res = milp(c, constraints=constraints, bounds=bounds, integrality=integrality, options={"time_limit": limit, "disp": False})
    seconds = time.perf_counter() - start
    objective = None if res.fun is None else float(res.fun) * (-1 if ir["sense"] == "maximize" else 1) + ir.get("offset", 0)
    print(json.dumps({"seconds": seconds, "status": res.status, "message": res.message, "objective": objective,
                      "gap": getattr(res, "mip_gap", None)}))


if __name__ == "__main__":
    main()
