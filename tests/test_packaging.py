"""The installed package carries its migrations, resources and schema (non-editable installs too)."""

import json
from importlib.resources import files


def test_migrations_are_shipped():
    migrations = files("annotator._migrations")
    assert migrations.joinpath("env.py").is_file()
    assert migrations.joinpath("script.py.mako").is_file()
    names = {p.name for p in migrations.joinpath("versions").iterdir()}
    assert {"0001_initial.py", "0002_project_info.py", "0003_comparison.py", "0004_teams.py",
            "0005_long_ids.py"} <= names


def test_resources_are_shipped():
    resources = files("annotator.resources")
    tags = json.loads(resources.joinpath("tags.json").read_text("utf-8"))
    assert [t["name"] for t in tags] == ["claim", "quote", "actor"]
    samples = [p for p in resources.joinpath("samples").iterdir() if p.name.endswith(".txt")]
    assert len(samples) == 2
    for sample in samples:
        text = sample.read_text("utf-8")
        assert len(text) > 1000 and any(ord(c) > 127 for c in text)


def test_export_schema_is_shipped():
    schema = json.loads(files("annotator.formats.export").joinpath("export.schema.json").read_text("utf-8"))
    assert schema["properties"]["format"]["const"] == "annotator-export"


def test_report_style_and_script_are_shipped():
    resources = files("annotator.resources")
    assert ".text" in resources.joinpath("report.css").read_text("utf-8")
    assert "report-data" in resources.joinpath("report.js").read_text("utf-8")
