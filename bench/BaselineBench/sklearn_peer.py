#!/usr/bin/python3
"""scikit-learn peer for BaselineBench.

Runs the same grid searches as the C# classifiers on the same feature table, splits and grids, and writes
accuracies, grid wall times and peak memory as JSON. Meant for Debian's system python (/usr/bin/python3, with
python3-sklearn 1.2.x, numpy and scipy from apt); it needs nothing else.

    /usr/bin/python3 sklearn_peer.py --table T.csv --splits S.json --grids G.json --out R.json \
        [--n-jobs 2] [--families knn,logistic-regression,...] [--cv-folds 5] [--seed 0]

T.csv   header `filename,label,<feature columns...>`, one row per item; every column after `label` is a float.
S.json  {"repeats": [{"train": [row indices], "test": [row indices]}, ...]}, 0-based indices of data rows.
G.json  {"<family>": {"<sklearn param name>": [values...], ...}, ...}; a family may also map to a list of such
        dicts (sklearn's list-of-grids form). For scaled families the keys name the classifier's parameters;
        the `clf__` prefix is added here.

For each family and repeat: GridSearchCV(estimator, grid, cv=StratifiedKFold(cv_folds, shuffle=True,
random_state=seed+repeat), n_jobs, scoring="accuracy", refit=True) on the train rows, timed with
time.perf_counter around .fit (the "grid wall seconds", refit included), then accuracy on the test rows.
Before the first timed grid, joblib's worker pool is started (untimed; --no-warmup skips this), so the first
family's first repeat does not also pay for spawning worker processes.

Families: knn, logistic-regression, linear-svm, mlp (StandardScaler + classifier pipelines), random-forest,
gradient-boosting (HistGradientBoostingClassifier), gradient-boosting-classic (GradientBoostingClassifier) and
adaboost (sklearn's default base estimator, a depth-1 tree; in 1.2 the default algorithm is SAMME.R, so a grid
may pass "algorithm": ["SAMME"] straight through).
"""

import argparse
import csv
import json
import math
import os
import resource
import sys
import time
import warnings

# Convergence warnings (MLP, LinearSVC, LogisticRegression at their iteration caps) would otherwise be printed
# once per fit by every joblib worker. Workers are fresh processes, so the filter goes through the environment
# before sklearn/joblib start any. -W/PYTHONWARNINGS cannot name sklearn's ConvergenceWarning (the module is not
# importable that early), so the filters match its messages under its base class UserWarning.
# --show-warnings turns this off.
_QUIET_FILTERS = [
    "ignore:Stochastic Optimizer:UserWarning",  # MLP (sgd/adam) at max_iter
    "ignore:lbfgs failed to converge:UserWarning",  # LogisticRegression / MLP lbfgs
    "ignore:Liblinear failed to converge:UserWarning",  # LinearSVC
    "ignore:The max_iter was reached:UserWarning",  # sag/saga
]
if "--show-warnings" not in sys.argv[1:]:
    prev = os.environ.get("PYTHONWARNINGS", "")
    os.environ["PYTHONWARNINGS"] = ",".join(_QUIET_FILTERS + ([prev] if prev else []))

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.stats  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import (  # noqa: E402
    AdaBoostClassifier,
    GradientBoostingClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score  # noqa: E402
from sklearn.model_selection import GridSearchCV, ParameterGrid, StratifiedKFold  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402


def _scaled(clf):
    return Pipeline([("scaler", StandardScaler()), ("clf", clf)])


# family -> (factory(seed) -> estimator, grid-key prefix)
FAMILIES = {
    "knn": (lambda seed: _scaled(KNeighborsClassifier()), "clf__"),
    "logistic-regression": (lambda seed: _scaled(LogisticRegression(max_iter=1000)), "clf__"),
    "random-forest": (lambda seed: RandomForestClassifier(random_state=seed, n_jobs=1), ""),
    "gradient-boosting": (lambda seed: HistGradientBoostingClassifier(random_state=seed), ""),
    "gradient-boosting-classic": (lambda seed: GradientBoostingClassifier(random_state=seed), ""),
    "mlp": (lambda seed: _scaled(MLPClassifier(random_state=seed, max_iter=200)), "clf__"),
    "adaboost": (lambda seed: AdaBoostClassifier(random_state=seed), ""),
    "linear-svm": (lambda seed: _scaled(LinearSVC(random_state=seed, max_iter=5000)), "clf__"),
}

# Parameters whose JSON list values must become tuples for sklearn.
TUPLE_PARAMS = {"hidden_layer_sizes"}


def fail(msg):
    print("sklearn_peer: error: " + msg, file=sys.stderr)
    sys.exit(2)


def read_table(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            fail(f"{path}: empty file")
        if len(header) < 3 or header[0].strip() != "filename" or header[1].strip() != "label":
            fail(f"{path}: header must start with 'filename,label,' and have at least one feature column")
        n_feat = len(header) - 2
        labels, rows = [], []
        for line_no, rec in enumerate(reader, start=2):
            if not rec or (len(rec) == 1 and not rec[0].strip()):
                continue
            if len(rec) != len(header):
                fail(f"{path}:{line_no}: {len(rec)} fields, header has {len(header)}")
            labels.append(rec[1])
            try:
                rows.append([float(v) for v in rec[2:]])
            except ValueError as e:
                fail(f"{path}:{line_no}: non-numeric feature value ({e})")
    if not rows:
        fail(f"{path}: no data rows")
    X = np.asarray(rows, dtype=np.float64).reshape(len(rows), n_feat)
    y = np.asarray(labels)
    return header[2:], X, y


def read_splits(path, n_rows):
    with open(path) as f:
        doc = json.load(f)
    reps = doc.get("repeats") if isinstance(doc, dict) else None
    if not isinstance(reps, list) or not reps:
        fail(f"{path}: expected {{\"repeats\": [{{\"train\": [...], \"test\": [...]}}, ...]}}")
    out = []
    for r, rep in enumerate(reps):
        try:
            tr = np.asarray(rep["train"], dtype=np.int64)
            te = np.asarray(rep["test"], dtype=np.int64)
        except (KeyError, TypeError, ValueError) as e:
            fail(f"{path}: repeat {r}: bad train/test lists ({e})")
        for name, idx in (("train", tr), ("test", te)):
            if idx.size == 0:
                fail(f"{path}: repeat {r}: empty {name} list")
            if idx.min() < 0 or idx.max() >= n_rows:
                fail(f"{path}: repeat {r}: {name} index out of range 0..{n_rows - 1}")
        out.append((tr, te))
    return out


def convert_value(key, v):
    base = key.rsplit("__", 1)[-1]
    if base in TUPLE_PARAMS and isinstance(v, list):
        return tuple(v)
    return v


def build_grid(family, spec, prefix):
    """JSON grid (dict, or list of dicts) -> sklearn param_grid with prefixed keys."""
    dicts = spec if isinstance(spec, list) else [spec]
    grid = []
    for d in dicts:
        if not isinstance(d, dict):
            fail(f"grid for '{family}' must be an object (or a list of objects) of name -> [values]")
        g = {}
        for k, vals in d.items():
            if not isinstance(vals, list):
                vals = [vals]  # a lone value means one candidate
            if not vals:
                fail(f"grid for '{family}': '{k}' has no values")
            key = k if (not prefix or k.startswith(prefix)) else prefix + k
            g[key] = [convert_value(key, v) for v in vals]
        grid.append(g)
    return grid if isinstance(spec, list) else grid[0]


def jsonable(v):
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return repr(v)


def strip_prefix(params, prefix):
    return {(k[len(prefix):] if prefix and k.startswith(prefix) else k): v for k, v in params.items()}


def peak_rss_mb():
    """ru_maxrss of this process plus that of reaped children (joblib/loky workers), in MB (KiB on Linux)."""
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1024.0 * 1024.0 if sys.platform == "darwin" else 1024.0  # bytes on macOS, KiB elsewhere
    return (self_kb + child_kb) / scale, self_kb / scale, child_kb / scale


def _vmhwm_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def live_children_vmhwm_mb():
    """Sum of VmHWM (peak resident set, reset at exec) over this process's live children, i.e. the joblib
    workers (and loky's small resource tracker) while they still run; None where /proc cannot tell."""
    pids = set()
    try:
        for tid in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{tid}/children") as f:
                pids.update(int(p) for p in f.read().split())
    except (OSError, ValueError):
        return None
    total = 0
    for pid in pids:
        kb = _vmhwm_kb(pid)
        if kb is not None:
            total += kb
    return total / 1024.0


def shutdown_workers():
    """Stop joblib's reusable loky workers, if any were started, so they are reaped and count in
    RUSAGE_CHILDREN. (get_reusable_executor() would start a pool when there is none, so look at the module's
    current executor instead.)"""
    try:
        from joblib.externals.loky import reusable_executor
    except ImportError:
        return
    executor = getattr(reusable_executor, "_executor", None)
    if executor is not None:
        try:
            executor.shutdown(wait=True)
        except Exception:
            pass


def _warm_task():
    import sklearn.model_selection._validation  # noqa: F401  (what GridSearchCV's workers run)
    return os.getpid()


def warm_up_workers(n_jobs):
    """Start joblib's reusable worker pool before any timing, so the first grid does not pay for spawning it."""
    if n_jobs is None or n_jobs == 1:
        return 0
    from joblib import Parallel, delayed
    n = os.cpu_count() if n_jobs < 0 else n_jobs
    pids = Parallel(n_jobs=n_jobs)(delayed(_warm_task)() for _ in range(4 * max(1, n or 1)))
    return len(set(pids))


def t_interval(values, level=0.95):
    a = np.asarray(values, dtype=np.float64)
    n = a.size
    mean = float(a.mean())
    if n < 2:
        return mean, float("nan")
    sem = float(a.std(ddof=1)) / math.sqrt(n)
    return mean, float(scipy.stats.t.ppf(0.5 + level / 2.0, n - 1)) * sem


def write_json(path, doc):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description="scikit-learn peer for BaselineBench")
    ap.add_argument("--table", required=True, help="feature table CSV (filename,label,features...)")
    ap.add_argument("--splits", required=True, help="splits JSON ({\"repeats\": [{train, test}, ...]})")
    ap.add_argument("--grids", required=True, help="grids JSON ({family: {param: [values]}})")
    ap.add_argument("--out", required=True, help="results JSON to write")
    ap.add_argument("--n-jobs", type=int, default=2, help="GridSearchCV n_jobs (default 2)")
    ap.add_argument("--families", default=None, help="comma-separated subset of the grids' families, in order")
    ap.add_argument("--cv-folds", type=int, default=5, help="stratified CV folds (default 5)")
    ap.add_argument("--seed", type=int, default=0, help="estimator seed; CV uses seed+repeat (default 0)")
    ap.add_argument("--show-warnings", action="store_true", help="do not silence ConvergenceWarning")
    ap.add_argument("--no-warmup", action="store_true",
                    help="do not start the joblib worker pool before the first timed grid")
    args = ap.parse_args()

    if not args.show_warnings:
        warnings.filterwarnings("ignore", category=ConvergenceWarning)
    if args.cv_folds < 2:
        fail("--cv-folds must be at least 2")

    with open(args.grids) as f:
        grids_doc = json.load(f)
    if not isinstance(grids_doc, dict) or not grids_doc:
        fail(f"{args.grids}: expected a non-empty object {{family: {{param: [values]}}}}")

    unknown = [k for k in grids_doc if k not in FAMILIES]
    if unknown:
        fail(f"unknown famil{'y' if len(unknown) == 1 else 'ies'} in {args.grids}: {', '.join(unknown)} "
             f"(known: {', '.join(FAMILIES)})")
    if args.families:
        families = [s.strip() for s in args.families.split(",") if s.strip()]
        unknown = [k for k in families if k not in FAMILIES]
        if unknown:
            fail(f"unknown famil{'y' if len(unknown) == 1 else 'ies'} in --families: {', '.join(unknown)} "
                 f"(known: {', '.join(FAMILIES)})")
        missing = [k for k in families if k not in grids_doc]
        if missing:
            fail(f"--families names {', '.join(missing)}, which {args.grids} has no grid for")
    else:
        families = list(grids_doc)

    grids = {}
    for fam in families:
        grids[fam] = build_grid(fam, grids_doc[fam], FAMILIES[fam][1])

    feat_names, X, y = read_table(args.table)
    splits = read_splits(args.splits, X.shape[0])
    classes = np.unique(y)
    print(f"sklearn {sklearn.__version__}, numpy {np.__version__}, scipy {scipy.__version__}, "
          f"python {sys.version.split()[0]}; n_jobs={args.n_jobs}, cv={args.cv_folds}, seed={args.seed}")
    print(f"table {args.table}: {X.shape[0]} rows x {X.shape[1]} features, {classes.size} classes; "
          f"{len(splits)} repeats; families: {', '.join(families)}", flush=True)

    doc = {
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "python_version": sys.version.split()[0],
        "n_jobs": args.n_jobs,
        "cv_folds": args.cv_folds,
        "seed": args.seed,
        "warmup": not args.no_warmup,
        "table": os.path.abspath(args.table),
        "n_rows": int(X.shape[0]),
        "n_features": int(X.shape[1]),
        "n_classes": int(classes.size),
        "results": [],
        "peak_rss_mb": None,
    }

    if not args.no_warmup:
        t0 = time.perf_counter()
        n_workers = warm_up_workers(args.n_jobs)
        if n_workers:
            print(f"warm-up: {n_workers} joblib workers started in {time.perf_counter() - t0:.2f} s (untimed)",
                  flush=True)

    for fam in families:
        factory, prefix = FAMILIES[fam]
        grid = grids[fam]
        n_cand = len(ParameterGrid(grid))
        for r, (tr, te) in enumerate(splits):
            est = factory(args.seed)
            cv = StratifiedKFold(n_splits=args.cv_folds, shuffle=True, random_state=args.seed + r)
            gs = GridSearchCV(est, grid, cv=cv, n_jobs=args.n_jobs, scoring="accuracy", refit=True)
            Xtr, ytr = X[tr], y[tr]
            t0 = time.perf_counter()
            gs.fit(Xtr, ytr)
            secs = time.perf_counter() - t0
            acc = float(accuracy_score(y[te], gs.predict(X[te])))
            best = jsonable(strip_prefix(gs.best_params_, prefix))
            doc["results"].append({
                "family": fam,
                "repeat": r,
                "accuracy": acc,
                "grid_seconds": secs,
                "candidates": n_cand,
                "best_params": best,
                "cv_best_score": float(gs.best_score_),
                "n_train": int(tr.size),
                "n_test": int(te.size),
            })
            print(f"{fam:<26} repeat {r:>2}: accuracy {acc:.4f}  grid {secs:8.2f} s  "
                  f"({n_cand} candidate{'s' if n_cand != 1 else ''}, cv {gs.best_score_:.4f})  "
                  f"best {json.dumps(best, sort_keys=True)}", flush=True)
            doc["peak_rss_mb"] = peak_rss_mb()[0]
            write_json(args.out, doc)  # partial results survive an interrupted run

    workers_hwm = live_children_vmhwm_mb()
    shutdown_workers()
    total, self_mb, child_mb = peak_rss_mb()
    doc["peak_rss_mb"] = total
    doc["peak_rss_self_mb"] = self_mb
    doc["peak_rss_children_mb"] = child_mb
    # RUSAGE_CHILDREN's ru_maxrss is the largest single reaped child, and Linux carries a forked child's
    # pre-exec image (a copy of this process at the time) into it: threadpoolctl's `ldconfig -p` and each loky
    # worker are fork+exec'd, so the figure is at least this process's size when they started, even with
    # --n-jobs 1. The VmHWM sum below counts only what the workers themselves reached (read before shutdown).
    if workers_hwm is not None:
        doc["workers_vmhwm_sum_mb"] = workers_hwm
        doc["peak_rss_self_plus_workers_vmhwm_mb"] = self_mb + workers_hwm

    summary = []
    print()
    print(f"summary ({len(splits)} repeats, mean and 95% t-interval of test accuracy; mean grid wall seconds):")
    for fam in families:
        rs = [x for x in doc["results"] if x["family"] == fam]
        mean, half = t_interval([x["accuracy"] for x in rs])
        secs = float(np.mean([x["grid_seconds"] for x in rs]))
        ci = f"+/- {half:.4f}" if math.isfinite(half) else "(one repeat, no interval)"
        print(f"  {fam:<26} accuracy {mean:.4f} {ci}  grid {secs:8.2f} s  "
              f"({rs[0]['candidates']} candidate{'s' if rs[0]['candidates'] != 1 else ''})")
        summary.append({"family": fam, "mean_accuracy": mean,
                        "ci95_half_width": half if math.isfinite(half) else None,
                        "mean_grid_seconds": secs, "repeats": len(rs), "candidates": rs[0]["candidates"]})
    doc["summary"] = summary
    print(f"peak RSS {total:.1f} MB (ru_maxrss: self {self_mb:.1f} + largest reaped child {child_mb:.1f})"
          + (f"; self + workers' VmHWM sum {self_mb + workers_hwm:.1f} MB" if workers_hwm is not None else ""))
    write_json(args.out, doc)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
