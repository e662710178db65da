"""The mutation runner's own arithmetic: which tests a mutant runs, the sample, the interval."""

from __future__ import annotations

import json

import pytest

from tests.mutation import run_python, write_report
from tests.mutation.run_python import collect, draw_sample, widen_to_test_files
from tests.mutation.write_report import wilson_interval


def test_a_function_gains_only_the_tests_of_its_files_that_share_a_fixture(tmp_path):
    stats = tmp_path / "mutmut-stats.json"
    durations = dict.fromkeys(
        ["t/a.py::calls", "t/a.py::shares", "t/a.py::alone", "t/b.py::shares"], 0.1
    )
    stats.write_text(
        json.dumps(
            {
                "duration_by_test": durations,
                "tests_by_mangled_function_name": {"f": ["t/a.py::calls"]},
            }
        )
    )
    widen_to_test_files(stats, shared={"t/a.py::shares", "t/b.py::shares"})
    widened = json.loads(stats.read_text())["tests_by_mangled_function_name"]["f"]
    assert widened == ["t/a.py::calls", "t/a.py::shares"]  # not b.py's, not a.py's lone test


def _mutants(folder, codes: dict[str, int | None]) -> None:
    meta = folder / "mutants" / "src" / "m.py.meta"
    meta.parent.mkdir(parents=True)
    meta.write_text(json.dumps({"exit_code_by_key": codes}))


def test_a_sample_is_drawn_in_a_seeded_order_and_counts_only_finished_batches(tmp_path):
    _mutants(tmp_path, {f"m.x_f__mutmut_{i}": None for i in range(1, 101)})
    first = draw_sample(tmp_path, 30, seed=7)
    assert first == draw_sample(tmp_path, 30, seed=7) != draw_sample(tmp_path, 30, seed=8)
    assert len(set(first)) == 30
    record = json.loads((tmp_path / "sample.json").read_text())
    assert record["of"] == 100 and record["mutants"] == []  # nothing has run yet


@pytest.mark.parametrize(
    ("killed", "considered", "low", "high"),
    [(90, 100, 82.56, 94.48), (100, 100, 96.30, 100.0), (0, 10, 0.0, 27.75)],
)
def test_the_wilson_interval(killed, considered, low, high):
    # values from scipy.stats.binomtest(killed, considered).proportion_ci(method="wilson")
    got = wilson_interval(killed, considered)
    assert got == pytest.approx((low, high), abs=0.01)


def test_collect_counts_the_finished_part_of_a_sample(tmp_path, monkeypatch):
    import tests.mutation.run_python as run_python

    codes = {"m.x_f__mutmut_1": 1, "m.x_f__mutmut_2": 1, "m.x_f__mutmut_3": None}
    _mutants(tmp_path, codes)
    sample = {"size": 3, "of": 3, "seed": 1, "drawn": list(codes), "mutants": list(codes)[:2]}
    (tmp_path / "sample.json").write_text(json.dumps(sample))
    monkeypatch.setattr(run_python, "RESULTS", tmp_path / "results")
    group = run_python.PythonGroup("g", ("src/m.py",), ())
    result = collect(group, tmp_path)
    assert result["counts"]["mutants"] == 2 and result["counts"]["killed"] == 2
    assert result["sample"] == {"size": 2, "of": 3, "seed": 1}


def _sampled(seed: int, killed: int, survived: int) -> dict:
    counts = {"mutants": killed + survived, "killed": killed, "survived": survived}
    survivors = [
        {"mutant": f"m.x_f__mutmut_{i}", "original": "a", "mutated": "b", "status": "survived"}
        for i in range(survived)
    ]
    return {
        "group": "g",
        "sources": ["src/g.py"],
        "tests": ["tests/g"],
        "counts": {**counts, "equivalent": 0},
        "survivors": survivors,
        "sample": {"size": killed + survived, "of": 500, "seed": seed},
    }


def test_a_new_sample_moves_the_last_one_and_its_first_pass_to_earlier(tmp_path, monkeypatch):
    for module in (run_python, write_report):
        monkeypatch.setattr(module, "RESULTS", tmp_path)
    monkeypatch.setattr(run_python, "EQUIVALENTS", tmp_path / "none.toml")
    (tmp_path / "g.json").write_text(json.dumps(_sampled(30, 97, 23)))
    run_python.keep_first_pass("g")  # --again: the first pass is kept as "before"
    (tmp_path / "g.json").write_text(json.dumps(_sampled(30, 118, 2)))
    run_python.keep_first_pass("g")  # a second --again keeps the first pass, not the second
    assert json.loads((tmp_path / "g.before.json").read_text())["counts"]["killed"] == 97

    run_python.archive_other_run("g", _sampled(30, 120, 0))  # same draw: nothing moves
    assert (tmp_path / "g.before.json").exists()
    run_python.archive_other_run("g", _sampled(31, 110, 10))  # a fresh sample
    assert not (tmp_path / "g.json").exists() and not (tmp_path / "g.before.json").exists()
    assert (
        json.loads((tmp_path / "earlier" / "g.30.before.json").read_text())["counts"]["killed"]
        == 97
    )

    (tmp_path / "g.json").write_text(json.dumps(_sampled(31, 110, 10)))
    assert write_report.earlier_runs("g") == [
        "",
        "Earlier runs:",
        "",
        "- sample of 120 of 500 (seed 30), first pass 80.8 % (97 killed, 23 survived); "
        "after: 98.3 % (118 killed, 2 survived)",
    ]


def test_survivors_checked_by_hand_count_killed_and_the_first_pass_stays(tmp_path, monkeypatch):
    for module in (run_python, write_report):
        monkeypatch.setattr(module, "RESULTS", tmp_path)
    monkeypatch.setattr(run_python, "EQUIVALENTS", tmp_path / "equivalent.toml")
    (tmp_path / "equivalent.toml").write_text(
        '[[mutant]]\nmutant = "m.x_f__mutmut_1"\nmutated = "b"\nreason = "same"\n'
    )
    (tmp_path / "g.json").write_text(json.dumps(_sampled(31, 97, 3)))
    after = run_python.record_checked_by_hand("g", "checked by hand")
    assert after["counts"] == {
        "mutants": 100,
        "killed": 99,
        "survived": 0,
        "equivalent": 1,
        "score": 100.0,
    }
    assert [s["mutant"] for s in after["survivors"]] == ["m.x_f__mutmut_1"]
    assert after["note"] == "checked by hand"
    assert json.loads((tmp_path / "g.before.json").read_text())["counts"]["survived"] == 3
