-- +goose Up
-- Payloads in the order they were written. Their keys are commitments
-- (hashes), so a table ordered by key put each new payload, data and all,
-- on a random page of a tree that grows with the log (1.2 GB at a million
-- objects): every write read and dirtied pages scattered across it. Here
-- the data is appended at the table's end, and only the key's index,
-- about a tenth of the size, takes the random insert.
CREATE TABLE payloads_in_order (
    n    INTEGER PRIMARY KEY,
    key  TEXT NOT NULL UNIQUE,
    data BLOB NOT NULL
);
INSERT INTO payloads_in_order (key, data) SELECT key, data FROM payloads;
DROP TABLE payloads;
ALTER TABLE payloads_in_order RENAME TO payloads;

-- +goose Down
CREATE TABLE payloads_by_key (
    key  TEXT PRIMARY KEY,
    data BLOB NOT NULL
) WITHOUT ROWID;
INSERT INTO payloads_by_key (key, data) SELECT key, data FROM payloads;
DROP TABLE payloads;
ALTER TABLE payloads_by_key RENAME TO payloads;
