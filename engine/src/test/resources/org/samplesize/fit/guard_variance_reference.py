#!/usr/bin/env python3
"""Reference values for GuardChoiceTest, written independently of the Java code with NumPy:
each size's noise variance, the repeats' sample variance (ddof = 1) moderated toward a log-linear
trend of the sample standard deviation over log size, fitted by least squares on the sizes with
two or more repeats and some spread; the trend counts as 4 degrees of freedom.

Run: /usr/bin/python3 guard_variance_reference.py
"""
import numpy as np

PRIOR_DF = 4

CURVES = {
    # a tf_flowers head curve (int8 MobileNetV2 features, seed 1): 5 repeats at 41, 82, 206, 412
    "tf_flowers": {
        41: [0.33242506811989103, 0.3242506811989101, 0.21798365122615804, 0.5204359673024523,
             0.41689373297002724],
        82: [0.6539509536784741, 0.6239782016348774, 0.5177111716621253, 0.5994550408719346,
             0.5613079019073569],
        206: [0.7193460490463215, 0.7138964577656676, 0.7356948228882834, 0.779291553133515,
              0.7329700272479565],
        412: [0.782016348773842, 0.7983651226158038, 0.8174386920980926, 0.8038147138964578,
              0.7983651226158038],
    },
    # one repeat at 100, no spread at 400: both take the trend of the other two sizes
    "uneven": {100: [0.70], 200: [0.74, 0.78, 0.76], 400: [0.80, 0.80], 800: [0.85, 0.86, 0.84, 0.86]},
    # three identical repeats at 100 (their float sum is not 3 x 0.7): no spread there, the trend
    "identical": {50: [0.55, 0.62, 0.58], 100: [0.7, 0.7, 0.7], 200: [0.76, 0.79, 0.78],
                  400: [0.81, 0.82, 0.83]},
}


def moderated(curve):
    sizes = sorted(curve)
    r = np.array([len(curve[n]) for n in sizes], dtype=float)
    # a size whose repeats are all equal has no spread (np.var of [0.7] * 3 is 1e-32, not 0)
    s2 = np.array([np.var(curve[n], ddof=1) if len(set(curve[n])) > 1 else 0.0 for n in sizes])
    use = s2 > 0
    x = np.log(np.array(sizes, dtype=float))
    slope, intercept = np.polyfit(x[use], 0.5 * np.log(s2[use]), 1)
    trend = np.exp(2 * (intercept + slope * x))
    return ((r - 1) * s2 + PRIOR_DF * trend) / (r - 1 + PRIOR_DF)


if __name__ == "__main__":
    for name, curve in CURVES.items():
        print(name, ", ".join(repr(float(v)) for v in moderated(curve)))
