"""Every test and doctest runs with its own empty data directory: none reads the user's added data."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    data_dir = tmp_path_factory.mktemp("data-dir")
    monkeypatch.setenv("DRAMAGRAPH_DATA_DIR", str(data_dir))
    yield data_dir
