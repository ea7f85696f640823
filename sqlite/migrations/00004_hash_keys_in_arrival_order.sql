-- +goose Up
-- Rows whose keys are hashes, in the order they were written, with no
-- index on the hash. A strike stores a sealed record (an object whose
-- id is its commitment, "sha256:" and 64 hex digits) and its opening (a
-- payload under the same key). Kept in a tree ordered by that key, each
-- landed on a random page of a tree that grows with the log: at a
-- million objects every write dirtied two pages of their own, 8 KiB and
-- more of WAL, where rows that are appended share the last page. The
-- store keeps the hash-to-row map in memory instead (rows.go,
-- rowIndex), read from these tables when it opens. AUTOINCREMENT: a row
-- number is never used twice, so that a second handle on the file can
-- catch up with the rows written since it last looked (n > the last it
-- saw).
CREATE TABLE hashed_objects (
    n    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    body BLOB NOT NULL
);
INSERT INTO hashed_objects (kind, id, body)
    SELECT kind, id, body FROM objects
    WHERE length(id) = 71 AND substr(id, 1, 7) = 'sha256:' AND substr(id, 8) NOT GLOB '*[^0-9a-f]*'
    ORDER BY kind, id;
DELETE FROM objects
    WHERE length(id) = 71 AND substr(id, 1, 7) = 'sha256:' AND substr(id, 8) NOT GLOB '*[^0-9a-f]*';

CREATE TABLE payloads_unindexed (
    n    INTEGER PRIMARY KEY AUTOINCREMENT,
    key  TEXT NOT NULL,
    data BLOB NOT NULL
);
INSERT INTO payloads_unindexed (n, key, data) SELECT n, key, data FROM payloads ORDER BY n;
DROP TABLE payloads;
ALTER TABLE payloads_unindexed RENAME TO payloads;

-- +goose Down
CREATE TABLE payloads_indexed (
    n    INTEGER PRIMARY KEY,
    key  TEXT NOT NULL UNIQUE,
    data BLOB NOT NULL
);
INSERT INTO payloads_indexed (n, key, data) SELECT n, key, data FROM payloads ORDER BY n;
DROP TABLE payloads;
ALTER TABLE payloads_indexed RENAME TO payloads;
INSERT INTO objects (kind, id, body) SELECT kind, id, body FROM hashed_objects ORDER BY n;
DROP TABLE hashed_objects;
