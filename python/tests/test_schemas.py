"""Every committed fixture, and every document the CLI writes, against its JSON Schema
(schemas/, draft 2020-12). Needs jsonschema (.ci/run installs it when missing) and the binary."""

import json
import pathlib
import subprocess
import tempfile

import pytest

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

import marginoracle as mo  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = {p.name: json.loads(p.read_text()) for p in (REPO / "schemas").glob("*.schema.json")}
REGISTRY = referencing.Registry().with_resources(
    (s["$id"], referencing.Resource.from_contents(s)) for s in SCHEMAS.values()
)


def validate(document, schema_name):
    schema = SCHEMAS[schema_name]
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, registry=REGISTRY).validate(document)


def run(*args, ok=(0,)):
    p = subprocess.run([mo.find_binary(), *args], capture_output=True, text=True)
    assert p.returncode in ok, (args, p.returncode, p.stderr)
    return json.loads(p.stdout)


def test_committed_fixtures_and_manifest():
    files = sorted((REPO / "Fixtures").glob("*/*.json"))
    assert len(files) >= 20
    for path in files:
        validate(json.loads(path.read_text()), "fixture.schema.json")
    validate(json.loads((REPO / "Fixtures/manifest.json").read_text()), "manifest.schema.json")


def test_data_sets():
    for path in sorted((REPO / "examples/data").glob("*.json")):
        validate(json.loads(path.read_text()), "dataset.schema.json")


@pytest.mark.parametrize(
    "args",
    [
        ["--norm", "l1"],
        ["--norm", "l2"],
        ["--norm", "linf"],
        ["--norm", "l1", "--lexicographic"],
        ["--norm", "linf", "--lexicographic"],
        ["--norm", "l2", "--no-embed-data"],
    ],
)
def test_solution_documents_and_their_verify_reports(args, tmp_path):
    for name in ["D3.json", "Zlex.json"]:
        doc = run("solve", str(REPO / "examples/data" / name), *args)
        validate(doc, "solution.schema.json")
        validate(doc, "solution-or-array.schema.json")
        path = tmp_path / "doc.json"
        path.write_text(json.dumps(doc))
        validate(run("verify", str(path)), "verify-report.schema.json")


def test_non_separable_and_two_layer_documents(tmp_path):
    data = tmp_path / "xor.json"
    data.write_text(json.dumps({"X": [[1, 1], [-1, -1], [1, -1], [-1, 1]], "y": [1, 1, -1, -1]}))
    validate(run("solve", str(data), "--norm", "l2", ok=(0, 1)), "solution.schema.json")
    doc = run("solve", str(REPO / "examples/data/D_frag.json"), "--model", "two-layer", "--leak", "0.1")
    validate(doc, "two-layer.schema.json")
    path = tmp_path / "t.json"
    path.write_text(json.dumps([doc, doc]))
    validate(json.loads(path.read_text()), "solution-or-array.schema.json")
    validate(run("verify", str(path)), "verify-report.schema.json")
    fixture = str(REPO / "Fixtures/reference/reference-D3.json")
    validate(run("verify", fixture), "verify-report.schema.json")


def test_check_reports_and_weights():
    fx = mo.load_fixture(REPO / "Fixtures/reference/reference-D3.json")
    e = fx.expectation("ngd-linear-l2")
    cases = [[2.0, 4.0, 1.0], [1.0, 1.0, 0.75], [0.0, 0.0, 0.0]]
    for w in cases:
        weights = e.weights(w)
        validate(weights, "weights.schema.json")
        report = mo.check(fx, weights)
        validate(report.report, "check-report.schema.json")
    nan = mo.check(fx, e.weights([float("nan"), 1.0, 1.0]))
    validate(nan.report, "check-report.schema.json")
    for other in fx.expectations:
        validate(other.weights(other.initial_parameters()), "weights.schema.json")


def test_a_schema_can_say_no():
    bad = json.loads((REPO / "Fixtures/reference/reference-D3.json").read_text())
    bad["expectations"][0]["measured"]["headroom"] = 1.5
    with pytest.raises(jsonschema.ValidationError):
        validate(bad, "fixture.schema.json")
    with pytest.raises(jsonschema.ValidationError):
        validate({"model": "linear"}, "weights.schema.json")
    with pytest.raises(jsonschema.ValidationError):
        validate({"X": [[1]], "y": [2]}, "dataset.schema.json")


@pytest.mark.parametrize("geometry", ["l2", "linf", "l1"])
def test_kkt_documents(tmp_path, geometry):
    problem = {"parameters": [2.0, -1.0, 0.5], "margins": [1.0, 1.0005, 3.0],
               "margin_gradients": [[1.0, -0.5, 0.25], [0.5, -1.0, 0.0], [0.0, 1.0, 1.0]], "order": 2}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(problem))
    for flag in ("--enable-embed-problem", "--disable-embed-problem"):
        doc = run("kkt", str(path), "--geometry", geometry, flag)
        validate(doc, "kkt.schema.json")
        out = tmp_path / "doc.json"
        out.write_text(json.dumps(doc))
        validate(run("verify", str(out)), "verify-report.schema.json")
