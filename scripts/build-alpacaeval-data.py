"""Regenerate data/alpacaeval/*.json from ../shared/fixtures/alpacaeval (run once; output is committed)."""
import csv, json, os, sys
src = sys.argv[1] if len(sys.argv) > 1 else '../shared/fixtures/alpacaeval'
out = 'data/alpacaeval'
with open(os.path.join(src, 'derived/instruction_difficulty_recovered.csv')) as f:
    rows = list(csv.DictReader(f))
assert [int(r['index']) for r in rows] == list(range(len(rows)))
json.dump({'source': 'AlpacaEval 2.0 instruction difficulty, recovered from published GLM predictions',
           'difficulty': [float(r['instruction_difficulty']) for r in rows]},
          open(os.path.join(out, 'difficulty.json'), 'w'), separators=(',', ':'))
with open(os.path.join(src, 'derived/gamed_rows_surrogate.csv')) as f:
    g = list(csv.DictReader(f))
json.dump({'source': 'AlpacaEval 2.0 gamed-baseline regularisation rows (surrogate soft labels, real lengths)',
           'model': [r['gamed_model'] for r in g], 'index': [int(r['index']) for r in g],
           'len_1': [int(r['len_1']) for r in g], 'len_2': [int(r['len_2']) for r in g],
           'std_delta_len': [float(r['std_delta_len']) for r in g],
           'difficulty': [float(r['instruction_difficulty']) for r in g],
           'p': [float(r['surrogate_preference01']) for r in g]},
          open(os.path.join(out, 'gamed-rows.json'), 'w'), separators=(',', ':'))
