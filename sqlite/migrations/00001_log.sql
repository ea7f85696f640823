-- +goose Up
-- The log: entries by position, and the Merkle tree's stored hashes by
-- their tlog stored-hash index (about two per entry).
CREATE TABLE entries (
    idx  INTEGER PRIMARY KEY,
    data BLOB NOT NULL
);
CREATE TABLE hashes (
    idx  INTEGER PRIMARY KEY,
    hash BLOB NOT NULL
);
-- The projection: one canonical JSON document per object.
CREATE TABLE objects (
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
-- Bytes kept beside the log under a key the log commits to.
CREATE TABLE payloads (
    key  TEXT PRIMARY KEY,
    data BLOB NOT NULL
) WITHOUT ROWID;

-- +goose Down
DROP TABLE payloads;
DROP TABLE objects;
DROP TABLE hashes;
DROP TABLE entries;
