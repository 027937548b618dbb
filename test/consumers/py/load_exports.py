"""Load every export listed in a manifest with the real consumers, at their default settings.

For each NDJSON file: datasets.load_dataset("json", data_files=...), pyarrow.json.read_json and
pandas.read_json(lines=True). For each dataset folder: datasets.load_dataset(folder). Prints one JSON
object: per export, what each consumer read (rows, column types) or the error it raised.
"""
import json
import sys

import datasets
import pandas as pd
import pyarrow.json as paj

datasets.disable_progress_bars()
datasets.logging.set_verbosity_error()


def describe(features):
    return {name: str(feature) for name, feature in features.items()}


def attempt(fn):
    try:
        return fn()
    except Exception as e:  # report, do not stop: the test asserts on every consumer
        return {"error": f"{type(e).__name__}: {e}"[:800]}


def load_json(path, cache):
    ds = datasets.load_dataset("json", data_files=path, split="train", cache_dir=cache)
    return {"rows": ds.num_rows, "features": describe(ds.features), "last": ds[-1] if ds.num_rows else None}


def load_pyarrow(path):
    table = paj.read_json(path)
    return {"rows": table.num_rows, "schema": {f.name: str(f.type) for f in table.schema}}


def load_pandas(path):
    df = pd.read_json(path, lines=True)
    return {"rows": len(df), "columns": list(df.columns)}


def load_folder(path, cache):
    ds = datasets.load_dataset(path, split="train", cache_dir=cache)
    return {"rows": ds.num_rows, "features": describe(ds.features)}


def main():
    manifest = json.load(open(sys.argv[1]))
    cache = sys.argv[2]
    out = {}
    for item in manifest:
        name = item["name"]
        if item["kind"] == "jsonl":
            out[name] = {
                "datasets": attempt(lambda: load_json(item["path"], cache)),
                "pyarrow": attempt(lambda: load_pyarrow(item["path"])),
                "pandas": attempt(lambda: load_pandas(item["path"])),
            }
        else:
            out[name] = {"datasets_folder": attempt(lambda: load_folder(item["path"], cache))}
    print(json.dumps(out, default=str))


main()
