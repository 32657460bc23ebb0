#!/usr/bin/env python3
"""Reference values of the curve families, written independently of the Java code from LCDB's
definitions (Mohr et al., "LCDB 1.0", and the recipe's a*n^b), evaluated with NumPy in float64.

Run: /usr/bin/python3 families_reference.py > families_reference.csv
Columns: family, x, p0..p3 (unused ones empty), value (repr of the float64).
"""
import numpy as np

F = {
    "pow2": lambda x, a, b: a * x ** b,
    "pow3": lambda x, c, a, alpha: c - a * x ** (-alpha),
    "pow4": lambda x, c, a, alpha, b: c - a * (b + x) ** (-alpha),
    "exp3": lambda x, a, b, c: a * np.exp(-b * x) + c,
    "log2": lambda x, a, b: -a * np.log(x) + b,
    "vap3": lambda x, a, b, c: np.exp(a + b / x + c * np.log(x)),
    "mmf4": lambda x, a, b, c, d: (a * b + c * x ** d) / (b + x ** d),
    "wbl4": lambda x, a, b, c, d: c - b * np.exp(-a * x ** d),
    "last1": lambda x, a: a + 0 * x,
}
P = {
    "pow2": [(0.50602, 0.079116), (0.3, 0.12)],
    "pow3": [(0.93810, 6.3975, 0.68278), (0.9, 2.0, 0.5)],
    "pow4": [(0.90710, 15776.0, 1.8693, 297.81), (0.95, 3.0, 0.7, 10.0)],
    "exp3": [(-0.27295, 0.0036316, 0.89380), (-0.5, 0.01, 0.8)],
    "log2": [(-0.066583, 0.41552), (-0.05, 0.5)],
    "vap3": [(-0.21178, -28.019, 0.016271), (-0.1, -10.0, 0.01)],
    "mmf4": [(0.60781, 1732.8, 0.90945, 1.4192), (0.2, 50.0, 0.95, 1.0)],
    "wbl4": [(0.10175, 0.64071, 0.90302, 0.51148), (0.02, 0.5, 0.9, 0.8)],
    "last1": [(0.8959,)],
}
X = [1.0, 10.0, 165.0, 330.0, 825.0, 1651.0, 3302.0, 100000.0]
print("family,x,p0,p1,p2,p3,value")
for fam, sets in P.items():
    for p in sets:
        for x in X:
            v = float(F[fam](np.float64(x), *[np.float64(q) for q in p]))
            ps = [repr(float(q)) for q in p] + [""] * (4 - len(p))
            print(",".join([fam, repr(x)] + ps + [repr(v)]))
