-- +goose Up
-- Complete tiles of the log as served (C2SP tlog-tiles): entry bundles
-- (level -1) and hash tiles, written in the transaction that completes
-- them. A full tile never changes, so it is served as these bytes.
CREATE TABLE tiles (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    data  BLOB NOT NULL,
    PRIMARY KEY (level, idx)
);

-- +goose Down
DROP TABLE tiles;
