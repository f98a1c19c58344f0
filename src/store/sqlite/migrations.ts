/**
 * Schema migrations of the SQLite store, applied in order; `PRAGMA user_version` records how many ran.
 * Append new migrations, never edit shipped ones.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    dataset TEXT NOT NULL,
    key TEXT NOT NULL,
    instruction TEXT NOT NULL,
    category TEXT,
    reference TEXT,
    UNIQUE (dataset, key)
  );
  CREATE TABLE systems (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE judges (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE sources (id INTEGER PRIMARY KEY, path TEXT NOT NULL, hash TEXT NOT NULL DEFAULT '', UNIQUE (path, hash));
  CREATE TABLE responses (
    item_id INTEGER NOT NULL REFERENCES items(id),
    system_id INTEGER NOT NULL REFERENCES systems(id),
    output TEXT NOT NULL,
    length INTEGER NOT NULL,
    tokens REAL,
    headers REAL,
    lists REAL,
    bolds REAL,
    PRIMARY KEY (item_id, system_id)
  ) WITHOUT ROWID;
  CREATE TABLE comparisons (
    id INTEGER PRIMARY KEY,
    item_id INTEGER REFERENCES items(id),
    system_a INTEGER NOT NULL REFERENCES systems(id),
    system_b INTEGER NOT NULL REFERENCES systems(id),
    judge_id INTEGER NOT NULL REFERENCES judges(id),
    shown_first TEXT NOT NULL DEFAULT '' CHECK (shown_first IN ('a', 'b', '')),
    sample INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('ok', 'parse_failed')),
    p_a REAL CHECK (p_a IS NULL OR (p_a >= 0 AND p_a <= 1)),
    label TEXT,
    rationale TEXT,
    raw_output TEXT,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    cost REAL,
    duration_ms REAL,
    seq REAL,
    source_id INTEGER REFERENCES sources(id),
    battle_source INTEGER REFERENCES sources(id),
    tokens_a REAL, tokens_b REAL, headers_a REAL, headers_b REAL, lists_a REAL, lists_b REAL, bolds_a REAL, bolds_b REAL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK ((status = 'ok') = (p_a IS NOT NULL)),
    CHECK (item_id IS NOT NULL OR (battle_source IS NOT NULL AND seq IS NOT NULL))
  );
  CREATE UNIQUE INDEX comparisons_identity ON comparisons (item_id, system_a, system_b, judge_id, shown_first, sample) WHERE item_id IS NOT NULL;
  CREATE UNIQUE INDEX comparisons_battle ON comparisons (battle_source, seq) WHERE item_id IS NULL;
  -- Materialised outcome counts per (judge, ordered pair, verdict): the sufficient statistics of
  -- Bradley–Terry, maintained by every import in the same transaction (sqlite-import.ts).
  CREATE TABLE pair_outcomes (
    judge_id INTEGER NOT NULL REFERENCES judges(id),
    system_a INTEGER NOT NULL REFERENCES systems(id),
    system_b INTEGER NOT NULL REFERENCES systems(id),
    p_a REAL NOT NULL,
    strong INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (judge_id, system_a, system_b, p_a, strong)
  ) WITHOUT ROWID;
  -- Content-addressed cache of provider responses: a judgment that was paid for is never requested again.
  CREATE TABLE judge_cache (
    key TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ) WITHOUT ROWID;
  -- Human studies: side-by-side voting tasks, annotators (token hashes only) and their votes.
  CREATE TABLE studies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    dataset TEXT,
    design TEXT NOT NULL,
    votes_wanted INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE TABLE study_tasks (
    id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id),
    item_id INTEGER NOT NULL REFERENCES items(id),
    system_x INTEGER NOT NULL REFERENCES systems(id),
    system_y INTEGER NOT NULL REFERENCES systems(id),
    gold TEXT CHECK (gold IN ('x', 'y', 'tie')),
    UNIQUE (study_id, item_id, system_x, system_y)
  );
  CREATE TABLE annotators (
    id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    UNIQUE (study_id, name)
  );
  CREATE TABLE votes (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES study_tasks(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    left_is_x INTEGER NOT NULL,
    choice TEXT NOT NULL CHECK (choice IN ('left', 'right', 'tie', 'both_bad')),
    reason TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (task_id, annotator_id)
  );
  CREATE TABLE grades (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    system_id INTEGER NOT NULL REFERENCES systems(id),
    judge_id INTEGER NOT NULL REFERENCES judges(id),
    turn INTEGER NOT NULL DEFAULT 1,
    score REAL,
    raw_output TEXT,
    output_length REAL,
    output_status TEXT CHECK (output_status IN ('ok', 'truncated', 'empty')),
    source_id INTEGER REFERENCES sources(id),
    UNIQUE (item_id, system_id, judge_id, turn)
  );
  CREATE TABLE matches (
    id INTEGER PRIMARY KEY,
    game TEXT NOT NULL,
    match_id TEXT NOT NULL,
    player_a TEXT NOT NULL,
    player_b TEXT NOT NULL,
    score_a REAL NOT NULL CHECK (score_a IN (0, 0.5, 1)),
    source_id INTEGER REFERENCES sources(id),
    UNIQUE (game, match_id)
  );
  `,
  `
  -- Spend per judge: what the provider billed for each cached response (null = no known price), so that a
  -- judge's max_cost holds across resumed runs.
  ALTER TABLE judge_cache ADD COLUMN judge TEXT;
  ALTER TABLE judge_cache ADD COLUMN cost REAL;
  CREATE INDEX judge_cache_judge ON judge_cache (judge);
  `,
  `
  -- Match results of games: fractional scores (e.g. a share of the pot), the colour-swapped pair a game belongs
  -- to, round, the opponent's level (bots), date and chips won (poker). Every match is also a comparison judged
  -- by "game:NAME", so that every rating method reads games.
  CREATE TABLE matches_new (
    id INTEGER PRIMARY KEY,
    game TEXT NOT NULL,
    match_id TEXT NOT NULL,
    player_a TEXT NOT NULL,
    player_b TEXT NOT NULL,
    score_a REAL NOT NULL CHECK (score_a >= 0 AND score_a <= 1),
    pair TEXT,
    round TEXT,
    opponent_level REAL,
    date TEXT,
    points_a REAL,
    a_first INTEGER,
    source_id INTEGER REFERENCES sources(id),
    UNIQUE (game, match_id)
  );
  INSERT INTO matches_new (id, game, match_id, player_a, player_b, score_a, source_id)
    SELECT id, game, match_id, player_a, player_b, score_a, source_id FROM matches;
  DROP TABLE matches;
  ALTER TABLE matches_new RENAME TO matches;
  `,
  `
  -- Integrity findings of the last audit of each system (winrate audit): about one output (item) or the system.
  CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    system TEXT NOT NULL,
    dataset TEXT,
    item_key TEXT,
    check_name TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    evidence TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE INDEX findings_system ON findings (system, severity);
  `,
  `
  -- Strong verdicts as data: decided by the import rules (src/store/import-rules.ts), no longer by SQL on labels.
  -- Rows stored before this version get the rule they were imported with.
  ALTER TABLE comparisons ADD COLUMN strong INTEGER NOT NULL DEFAULT 0;
  UPDATE comparisons SET strong = 1 WHERE label LIKE '%>>%';
  `,
  `
  -- Repeated grades: FastChat appends a judgment again when it is rerun and show_result counts every valid row, so a
  -- grade has a sample index (the n-th valid row of the same item, system, judge and turn in its file), as comparisons do.
  CREATE TABLE grades_new (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    system_id INTEGER NOT NULL REFERENCES systems(id),
    judge_id INTEGER NOT NULL REFERENCES judges(id),
    turn INTEGER NOT NULL DEFAULT 1,
    sample INTEGER NOT NULL DEFAULT 0,
    score REAL,
    raw_output TEXT,
    output_length REAL,
    output_status TEXT CHECK (output_status IN ('ok', 'truncated', 'empty')),
    source_id INTEGER REFERENCES sources(id),
    UNIQUE (item_id, system_id, judge_id, turn, sample)
  );
  INSERT INTO grades_new (id, item_id, system_id, judge_id, turn, score, raw_output, output_length, output_status, source_id)
    SELECT id, item_id, system_id, judge_id, turn, score, raw_output, output_length, output_status, source_id FROM grades;
  DROP TABLE grades;
  ALTER TABLE grades_new RENAME TO grades;
  `,
  `
  -- Study lifecycle and the server's persistent secrets: a study can be closed, an annotator revoked, and vote tickets
  -- are sealed with a key kept in the store (so a restart of winrate serve keeps every open form valid).
  ALTER TABLE studies ADD COLUMN closed_at TEXT;
  ALTER TABLE annotators ADD COLUMN revoked_at TEXT;
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  `
  -- Multi-turn items and answers (MT-Bench: two user turns, an answer per turn, a reference answer per turn), as JSON
  -- arrays of strings; the instruction and output columns keep the turns joined for display and single-turn judges.
  ALTER TABLE items ADD COLUMN turns TEXT;
  ALTER TABLE items ADD COLUMN reference_turns TEXT;
  ALTER TABLE responses ADD COLUMN turns TEXT;
  `,
  `
  -- Lengths and style counts of the responses in an index of their own: the leaderboards read them for every
  -- comparison, and scanning the table itself reads every output (a hundred megabytes for fifty AlpacaEval models).
  CREATE INDEX responses_lengths ON responses (item_id, system_id, length, tokens, headers, lists, bolds);
  `,
  `
  -- Multi-player games decomposed into pairwise outcomes (team matches, rankings) name the game they came from
  -- (contest), so that a player's record counts each such game once; and player A's own level, so that the level at
  -- 50% also reads the games of the player on side B (opponent_level is player B's level).
  ALTER TABLE matches ADD COLUMN contest TEXT;
  ALTER TABLE matches ADD COLUMN level_a REAL;
  `,
  `
  -- Budgets shared by every process judging with this store: each request in flight holds its estimated cost (a row
  -- with a lease, so a killed process's holds lapse); a settled one holds what it was billed until the cache row that
  -- records it (cache_key) is stored. judge_spend keeps each judge's stored spend, maintained by triggers, so that a
  -- hold reads it in one row instead of summing every cached response.
  CREATE TABLE judge_reservations (id TEXT PRIMARY KEY, judge TEXT NOT NULL, amount REAL NOT NULL, cache_key TEXT,
    expires_at REAL NOT NULL);
  CREATE INDEX judge_reservations_judge ON judge_reservations (judge);
  CREATE TABLE judge_spend (judge TEXT PRIMARY KEY, cost REAL NOT NULL DEFAULT 0, calls INTEGER NOT NULL DEFAULT 0,
    unpriced INTEGER NOT NULL DEFAULT 0);
  INSERT INTO judge_spend (judge, cost, calls, unpriced)
    SELECT judge, coalesce(sum(cost), 0), count(*), count(*) - count(cost) FROM judge_cache WHERE judge IS NOT NULL
    GROUP BY judge;
  CREATE TRIGGER judge_cache_spend_insert AFTER INSERT ON judge_cache WHEN NEW.judge IS NOT NULL BEGIN
    INSERT INTO judge_spend (judge, cost, calls, unpriced) VALUES (NEW.judge, coalesce(NEW.cost, 0), 1, NEW.cost IS NULL)
    ON CONFLICT (judge) DO UPDATE SET cost = cost + excluded.cost, calls = calls + 1,
      unpriced = unpriced + excluded.unpriced;
  END;
  CREATE TRIGGER judge_cache_spend_delete AFTER DELETE ON judge_cache WHEN OLD.judge IS NOT NULL BEGIN
    UPDATE judge_spend SET cost = cost - coalesce(OLD.cost, 0), calls = calls - 1, unpriced = unpriced - (OLD.cost IS NULL)
    WHERE judge = OLD.judge;
  END;
  CREATE TRIGGER judge_cache_spend_update AFTER UPDATE OF judge, cost ON judge_cache BEGIN
    UPDATE judge_spend SET cost = cost - coalesce(OLD.cost, 0), calls = calls - 1, unpriced = unpriced - (OLD.cost IS NULL)
    WHERE judge = OLD.judge;
    INSERT INTO judge_spend (judge, cost, calls, unpriced) SELECT NEW.judge, coalesce(NEW.cost, 0), 1, NEW.cost IS NULL
    WHERE NEW.judge IS NOT NULL
    ON CONFLICT (judge) DO UPDATE SET cost = cost + excluded.cost, calls = calls + 1,
      unpriced = unpriced + excluded.unpriced;
  END;
  `,
];
