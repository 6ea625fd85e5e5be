#!/usr/bin/env python3
"""Known-answer vectors for OfferLab.Core statistics, computed independently with mpmath (20 digits).

Run from this folder:  python3 generate.py   (needs only mpmath; writes the *.json files next to it).
Nothing here shares code with the C#: P(best), top-two and expected loss use mpmath.quad over exact
regularized incomplete betas; confidence-sequence endpoints use findroot on the exact log density;
SRM p-values use the exact regularized upper incomplete gamma.
"""
import json
from mpmath import mp, mpf, betainc, quad, log, exp, sqrt, beta as B, findroot, gammainc, inf, erfc

mp.dps = 20


def beta_params(s, n):
    return mpf(1 + s), mpf(1 + n - s)


def window(a, b):
    m = a / (a + b)
    sd = sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    return m, sd


def breakpoints(arms):
    pts = {mpf(0), mpf(1)}
    for s, n in arms:
        a, b = beta_params(s, n)
        m, sd = window(a, b)
        for k in (-14, -8, -4, -2, -1, 0, 1, 2, 4, 8, 14):
            x = m + k * sd
            if 0 < x < 1:
                pts.add(x)
    return sorted(pts)


def pdf(a, b, x):
    return x ** (a - 1) * (1 - x) ** (b - 1) / B(a, b)


_cdf_cache = {}


def cdf(a, b, x):
    # quad evaluates every integrand of one case on the same nodes: cache the (slow) incomplete beta.
    key = (a, b, x)
    if key not in _cdf_cache:
        _cdf_cache[key] = betainc(a, b, 0, x, regularized=True)
    return _cdf_cache[key]


def posterior_readouts(arms):
    params = [beta_params(s, n) for s, n in arms]
    pts = breakpoints(arms)
    K = len(arms)
    best, second, loss = [], [], []
    for k in range(K):
        ak, bk = params[k]
        others = [params[j] for j in range(K) if j != k]

        def f_best(x):
            v = pdf(ak, bk, x)
            for a, b in others:
                v *= cdf(a, b, x)
            return v

        def f_second(x):
            Fs = [cdf(a, b, x) for a, b in others]
            total = mpf(0)
            for j in range(len(Fs)):
                term = 1 - Fs[j]
                for i in range(len(Fs)):
                    if i != j:
                        term *= Fs[i]
                total += term
            return pdf(ak, bk, x) * total

        def f_loss(x):
            prod = mpf(1)
            for a, b in others:
                prod *= cdf(a, b, x)
            return cdf(ak, bk, x) * (1 - prod)

        best.append(float(quad(f_best, pts)))
        second.append(float(quad(f_second, pts)))
        loss.append(float(quad(f_loss, pts)))
    top_two = [(best[k] + second[k]) / 2 for k in range(K)]
    return best, top_two, loss


def beta_cs(s, n, level):
    a, b = beta_params(s, n)
    lb = log(B(a, b))
    g = lambda p: (a - 1) * log(p) + (b - 1) * log(1 - p) - lb - log(level)
    mode = (a - 1) / (a + b - 2) if a + b > 2 else mpf(1) / 2

    def root(outside, inside):
        if outside in (0, 1) and ((outside == 0 and a == 1) or (outside == 1 and b == 1)):
            # density finite at the edge: the edge itself may be inside the set
            edge = (b - 1) * log(1 - outside) if outside == 0 else (a - 1) * log(outside)
            if edge - lb - log(level) >= 0:
                return outside
        lo, hi = (outside, inside) if outside < inside else (inside, outside)
        lo = max(lo, mpf(10) ** -40)
        hi = min(hi, 1 - mpf(10) ** -25)
        for _ in range(400):  # bisection: robust, and 20 digits is plenty
            mid = (lo + hi) / 2
            inside_mid = g(mid) >= 0
            if outside < inside:
                lo, hi = (lo, mid) if inside_mid else (mid, hi)
            else:
                lo, hi = (mid, hi) if inside_mid else (lo, mid)
        return (lo + hi) / 2

    return float(root(mpf(0), mode)), float(root(mpf(1), mode))


def msprt(var_mean, n, alpha, tuning, delta):
    alpha, tuning, var_mean, delta = mpf(alpha), mpf(tuning), mpf(var_mean), mpf(delta)
    rho2 = (-2 * log(alpha) + log(-2 * log(alpha) + 1)) / tuning
    s2 = var_mean * n
    half = sqrt(s2 * 2 * (n * rho2 + 1) * log(sqrt(n * rho2 + 1) / alpha) / (n * n * rho2))
    E = exp(rho2 * delta ** 2 * n / (2 * var_mean * (n * rho2 + 1))) / sqrt(n * rho2 + 1)
    return float(half), float(min(1, 1 / E))


def srm(periods):
    """Pearson chi-square against the weights in force, joined by Bonferroni with per-arm (arm vs rest) z-tests that
    use the exact conditional variance sum_p n_p w (1 - w); p = min(1, 2 min(p_chi2, p_arms)), or p_arms for two arms."""
    K = len(periods[0]["weights"])
    exp_, obs, var = [mpf(0)] * K, [mpf(0)] * K, [mpf(0)] * K
    for p in periods:
        n = sum(p["exposures"])
        tw = sum(p["weights"])
        for k in range(K):
            w = mpf(p["weights"][k]) / tw
            exp_[k] += mpf(n) * w
            var[k] += mpf(n) * w * (1 - w)
            obs[k] += p["exposures"][k]
    tested = [k for k in range(K) if exp_[k] > 0]
    chi = sum((obs[k] - exp_[k]) ** 2 / exp_[k] for k in tested)
    df = len(tested) - 1
    p_chi = gammainc(mpf(df) / 2, chi / 2, inf, regularized=True)
    arm_tests = [k for k in tested if var[k] > 0]
    smallest = min(erfc(abs(obs[k] - exp_[k]) / sqrt(var[k]) / sqrt(2)) for k in arm_tests)
    p_arms = min(1, smallest * (1 if len(tested) == 2 else len(arm_tests)))
    p = p_arms if len(tested) == 2 else min(1, 2 * min(p_chi, p_arms))
    return float(chi), df, float(p), float(p_chi)


def main():
    posterior_cases = [
        {"name": "B beats A, 2000 each (DESIGN reference)", "arms": [[100, 2000], [120, 2000]]},
        {"name": "three close arms", "arms": [[50, 1000], [58, 1000], [45, 900]]},
        {"name": "four arms, unequal counts", "arms": [[200, 4000], [160, 4000], [30, 1000], [10, 500]]},
        {"name": "wide next to narrow", "arms": [[3, 20], [500, 10000], [0, 5]]},
        {"name": "identical arms", "arms": [[10, 100], [10, 100], [10, 100]]},
    ]
    for case in posterior_cases:
        print(case["name"], flush=True)
        case["pBest"], case["topTwo"], case["expectedLoss"] = posterior_readouts(case["arms"])

    cs_cases = []
    for s, n, level in [(0, 0, 0.05), (0, 10, 0.0125), (5, 10, 0.0125), (50, 1000, 0.0125),
                        (120, 2000, 0.01), (1000, 20000, 0.0125), (20, 20, 0.05), (3, 100000, 0.001)]:
        lo, hi = beta_cs(s, n, mpf(level))
        cs_cases.append({"successes": s, "trials": n, "level": level, "lower": lo, "upper": hi})

    msprt_cases = []
    for mean_a, var_a, n_a, mean_b, var_b, n_b, alpha in [
        (0.05, 0.05 * 0.95 / 2000, 2000, 0.06, 0.06 * 0.94 / 2000, 2000, 0.05),
        (0.05, 0.05 * 0.95 / 20000, 20000, 0.055, 0.055 * 0.945 / 20000, 20000, 0.05),
        (0.10, 0.10 * 0.90 / 500, 500, 0.10, 0.10 * 0.90 / 500, 500, 0.05),
        (2.0, 9.0 / 3000, 3000, 2.4, 10.0 / 2500, 2500, 0.01),
        (0.20, 0.16 / 100000, 100000, 0.21, 0.1659 / 100000, 100000, 0.05),
    ]:
        half, p = msprt(var_a + var_b, n_a + n_b, alpha, 5000, mean_b - mean_a)
        msprt_cases.append({"control": [mean_a, var_a, n_a], "treatment": [mean_b, var_b, n_b],
                            "alpha": alpha, "tuning": 5000, "halfWidth": half, "pValue": p})

    srm_cases = []
    for name, periods in [
        ("equal split, balanced", [{"weights": [0.5, 0.5], "exposures": [5020, 4980]}]),
        ("bandit weights in force, consistent", [
            {"weights": [1 / 3, 1 / 3, 1 / 3], "exposures": [1010, 995, 995]},
            {"weights": [0.6, 0.3, 0.1], "exposures": [2990, 1530, 480]},
            {"weights": [0.8, 0.15, 0.05], "exposures": [4030, 730, 240]}]),
        ("lost exposures on one arm", [
            {"weights": [0.5, 0.5], "exposures": [5000, 4750]},
            {"weights": [0.7, 0.3], "exposures": [7000, 2850]}]),
        ("favoured arm loses 5% of its exposures", [
            {"weights": [0.25, 0.25, 0.25, 0.25], "exposures": [1250, 1250, 1250, 1250]},
            {"weights": [0.85, 0.05, 0.05, 0.05], "exposures": [40000, 2500, 2500, 2500]},
            {"weights": [0.9, 0.04, 0.03, 0.03], "exposures": [42700, 2000, 1500, 1500]}]),
        ("retired arm with weight 0", [
            {"weights": [0.25, 0.25, 0.25, 0.25], "exposures": [250, 260, 240, 250]},
            {"weights": [0.45, 0.45, 0.1, 0.0], "exposures": [470, 440, 90, 0]}]),
    ]:
        chi, df, p, p_chi = srm(periods)
        srm_cases.append({"name": name, "periods": periods, "chiSquare": chi, "df": df, "pValue": p, "chiSquarePValue": p_chi})

    # Simpson's paradox: the base rate doubles in period 2 while the bandit moves traffic to A.
    # B is better within each period, but A's pooled mean is higher because most of A's data is from the good period.
    simpson = {
        "periods": [
            {"traffic": 10000, "A": [1000, 20], "B": [9000, 270]},   # A 2.0%, B 3.0%
            {"traffic": 10000, "A": [9000, 540], "B": [1000, 70]},   # A 6.0%, B 7.0%
        ]}
    for arm in ("A", "B"):
        N = sum(p["traffic"] for p in simpson["periods"])
        mean = sum(mpf(p["traffic"]) / N * p[arm][1] / p[arm][0] for p in simpson["periods"])
        var = mpf(0)
        for p in simpson["periods"]:
            n, s = p[arm]
            ybar = mpf(s) / n
            s2 = (s - n * ybar ** 2) / (n - 1)
            var += (mpf(p["traffic"]) / N) ** 2 * s2 / n
        pooled = mpf(sum(p[arm][1] for p in simpson["periods"])) / sum(p[arm][0] for p in simpson["periods"])
        simpson[arm] = {"weightedMean": float(mean), "weightedVariance": float(var), "pooledMean": float(pooled)}

    out = {"posterior": posterior_cases, "betaConfidenceSequence": cs_cases, "msprt": msprt_cases,
           "srm": srm_cases, "simpson": simpson}
    with open("statistics-vectors.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
