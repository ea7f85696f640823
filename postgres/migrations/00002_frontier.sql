-- +goose Up
-- The stored-hash indexes of the right frontier of a tree of n entries:
-- the roots of its maximal complete subtrees, one per 1-bit of n, as
-- golang.org/x/mod/sumdb/tlog numbers stored hashes. Appending entries
-- to a tree of n entries reads no older hash than these, so Begin
-- fetches them with the lock and the size, in the same round trip.
--
-- The subtree of level l that starts at s (a multiple of 2^l) is stored
-- at tlog.StoredHashIndex(l, s>>l) = 2e - popcount(e) + l, where
-- e = s + 2^l - 1 (the index of its last leaf: the sum e + e/2 + e/4 + …
-- is 2e - popcount(e)).
-- +goose StatementBegin
CREATE FUNCTION truce_frontier(n bigint) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT COALESCE(array_agg(2 * e - bit_count(e::bit(64)) + lvl ORDER BY lvl DESC), '{}')
    FROM (SELECT lvl, ((n >> (lvl + 1)) << (lvl + 1)) + (1::bigint << lvl) - 1 AS e
          FROM generate_series(0, 62) AS lvl
          WHERE (n >> lvl) & 1 = 1) AS f
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION truce_frontier(bigint);
