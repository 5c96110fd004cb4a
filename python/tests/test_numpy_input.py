"""NumPy input (issue 17): what np.save and np.savez write is read exactly. Every dtype, order and
byte order gives the same certified answer as the JSON text of the same values; what cannot be read
exactly (compressed archives, object arrays, integers beyond 2^53, NaN) is refused with exit 2 and a
sentence. Needs the binary (MARGIN_ORACLE or margin-oracle on PATH)."""

import json
import subprocess

import numpy as np
import pytest

import marginoracle as mo


def solve(tmp_path, *args):
    p = subprocess.run([mo.find_binary(), "solve", *args, "--norm", "linf"], capture_output=True, text=True,
                       cwd=tmp_path)
    return p.returncode, p.stdout, p.stderr


@pytest.fixture
def data():
    rng = np.random.default_rng(20261127)
    X = rng.normal(size=(40, 5))
    y = np.where(X @ rng.normal(size=5) > 0, 1.0, -1.0)
    return X, y


def certified(stdout):
    d = json.loads(stdout)
    return d["certificate"]["lower"], d["certificate"]["upper"]


@pytest.mark.parametrize("variant", ["float64", "fortran", "big-endian", "npz", "int8-labels", "float32"])
def test_numpy_files_give_the_json_answer(tmp_path, data, variant):
    X, y = data
    if variant == "float32":
        X = X.astype(np.float32)  # the JSON text below is of the float32 values, which doubles hold exactly
    (tmp_path / "d.json").write_text(json.dumps({"X": X.astype(np.float64).tolist(), "y": y.tolist()}))
    code, out, err = solve(tmp_path, "d.json")
    assert code == 0, err
    expected = certified(out)
    if variant == "npz":
        np.savez(tmp_path / "d.npz", X=X, y=y)
        args = ["d.npz"]
    else:
        saved = {"fortran": np.asfortranarray(X), "big-endian": X.astype(">f8")}.get(variant, X)
        np.save(tmp_path / "X.npy", saved)
        np.save(tmp_path / "y.npy", y.astype(np.int8) if variant == "int8-labels" else y)
        args = ["X.npy", "--labels", "y.npy"]
    code, out, err = solve(tmp_path, *args)
    assert code == 0, err
    assert certified(out) == expected


def test_what_cannot_be_read_exactly_is_refused(tmp_path, data):
    X, y = data
    np.savez_compressed(tmp_path / "c.npz", X=X, y=y)
    np.save(tmp_path / "y.npy", y)
    np.save(tmp_path / "obj.npy", X.astype(object), allow_pickle=True)
    np.save(tmp_path / "big.npy", np.full((40, 5), 2**53 + 1, dtype=np.int64))
    bad = X.copy()
    bad[7, 3] = np.nan
    np.save(tmp_path / "nan.npy", bad)
    np.save(tmp_path / "y01.npy", (y > 0).astype(np.float64))
    np.save(tmp_path / "X.npy", X)
    cases = [
        (["c.npz"], "np.savez"),
        (["obj.npy", "--labels", "y.npy"], "object array"),
        (["big.npy", "--labels", "y.npy"], "2^53"),
        (["nan.npy", "--labels", "y.npy"], "Point 7, coordinate 3 is nan"),
        (["X.npy", "--labels", "y01.npy"], "labels must be +1 or -1"),
        (["X.npy"], "--labels"),
    ]
    for args, says in cases:
        code, out, err = solve(tmp_path, *args)
        assert code == 2 and says in err, (args, code, err)
