-- +goose Up
-- The log: entries by position, and the Merkle tree's stored hashes by
-- their tlog stored-hash index (about two per entry).
CREATE TABLE entries (
    idx  bigint PRIMARY KEY CHECK (idx >= 0),
    data bytea  NOT NULL
);
CREATE TABLE hashes (
    idx  bigint PRIMARY KEY CHECK (idx >= 0),
    hash bytea  NOT NULL CHECK (octet_length(hash) = 32)
);
-- The projection: one canonical JSON document per object. bytea, not
-- jsonb: jsonb reorders keys and rewrites numbers, and the projection
-- must come back byte for byte as the center wrote it.
CREATE TABLE objects (
    kind text  NOT NULL,
    id   text  NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (kind, id)
);
-- Bytes kept beside the log under a key the log commits to.
CREATE TABLE payloads (
    key  text  PRIMARY KEY,
    data bytea NOT NULL
);

-- The log is append-only: refuse UPDATE, DELETE and TRUNCATE of entries
-- and hashes, so that no application bug or careless statement rewrites
-- history. (The table's owner can drop the trigger; the verifier, not
-- this trigger, is what catches an insider.)
-- +goose StatementBegin
CREATE FUNCTION truce_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the truce log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION truce_append_only();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
    FOR EACH STATEMENT EXECUTE FUNCTION truce_append_only();
CREATE TRIGGER hashes_append_only BEFORE UPDATE OR DELETE ON hashes
    FOR EACH ROW EXECUTE FUNCTION truce_append_only();
CREATE TRIGGER hashes_no_truncate BEFORE TRUNCATE ON hashes
    FOR EACH STATEMENT EXECUTE FUNCTION truce_append_only();

-- +goose Down
DROP TABLE payloads;
DROP TABLE objects;
DROP TABLE hashes;
DROP TABLE entries;
DROP FUNCTION truce_append_only();
