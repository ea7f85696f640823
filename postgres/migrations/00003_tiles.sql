-- +goose Up
-- Complete tiles of the log as served (C2SP tlog-tiles): entry bundles
-- (level -1) and hash tiles, written in the transaction that completes
-- them; those a log completed before this table existed are written when
-- a store next opens it (Store.BackfillTiles). A full tile never changes,
-- so it is served as these bytes.
CREATE TABLE tiles (
    level integer NOT NULL CHECK (level >= -1),
    idx   bigint  NOT NULL CHECK (idx >= 0),
    data  bytea   NOT NULL,
    PRIMARY KEY (level, idx)
);

-- +goose Down
DROP TABLE tiles;
