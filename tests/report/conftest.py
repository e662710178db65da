"""Shared fixtures: the simulated course and its learners (tests/report/simulator.py)."""

from __future__ import annotations

import pytest

from report import simulator

LEARNERS = 2000


@pytest.fixture(scope="session")
def sim_course(tmp_path_factory):
    return simulator.write_course(tmp_path_factory.mktemp("sim") / "course")


@pytest.fixture(scope="session")
def simulation():
    return simulator.simulate(LEARNERS, seed=3)


@pytest.fixture(scope="session")
def statements_file(tmp_path_factory, simulation):
    path = tmp_path_factory.mktemp("statements") / "statements.ndjson"
    return simulator.write_ndjson(path, simulator.statements(simulation))


@pytest.fixture(scope="session")
def moodle_csv(tmp_path_factory, simulation):
    path = tmp_path_factory.mktemp("moodle") / "interactions.txt"
    return simulator.write_moodle_csv(path, simulation)
