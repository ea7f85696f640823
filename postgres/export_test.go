package postgres

// Resets returns how often s reset its pool after a lost connection.
func Resets(s *Store) int64 { return s.resets.Load() }

// HashReads returns how often a write transaction of s read hashes from
// the database rather than from the frontier fetched by Begin.
func HashReads(s *Store) int64 { return s.hashReads.Load() }
