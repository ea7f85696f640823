package postgres

// Resets returns how often s reset its pool after a lost connection.
func Resets(s *Store) int64 { return s.resets.Load() }
