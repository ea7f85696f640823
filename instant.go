package truce

import (
	"math"
	"time"
)

// Instant is a time kept in 8 bytes where a time.Time takes 24 (its
// location is a pointer): nanoseconds since 1970 in UTC. The stored
// objects' times are UTC (the center makes them so before it keeps
// them) and lie within MinTime–MaxTime, and a million objects hold
// several each, so Site, Notification and Volume keep theirs as
// Instants.
//
// Its JSON is that of the time.Time it stands for (RFC 3339 in UTC, or
// "0001-01-01T00:00:00Z" for the zero value): documents, answers and
// the schema are as they were with time.Time. The zero Instant is the
// zero time. A time read from JSON in another zone is kept as the same
// instant in UTC; one beyond what int64 nanoseconds hold (before
// 1677-09-21 or after 2262-04-11, far outside MinTime–MaxTime, which
// requests are held to) is kept as the nearest instant they hold, so
// that it is refused as out of range as it was before.
type Instant struct {
	// u is the nanoseconds since 1970 with the sign bit flipped, so that
	// the zero value is the zero time (nanoseconds math.MinInt64, an
	// instant in 1677, is never kept).
	u uint64
}

// InstantOf returns t as an Instant (see Instant for times it cannot
// hold exactly).
func InstantOf(t time.Time) Instant {
	if t.IsZero() {
		return Instant{}
	}
	var n int64
	switch {
	case t.Before(minInstant):
		n = math.MinInt64 + 1
	case t.After(maxInstant):
		n = math.MaxInt64
	default:
		n = t.UnixNano()
	}
	return instantOfNanos(n)
}

// instantOfNanos is the Instant whose UnixNano is n.
func instantOfNanos(n int64) Instant { return Instant{u: uint64(n) ^ 1<<63} }

// The first and last times an Instant holds.
var (
	minInstant = time.Unix(0, math.MinInt64+1).UTC()
	maxInstant = time.Unix(0, math.MaxInt64).UTC()
)

// Time returns the instant as a time.Time in UTC (the zero time for the
// zero Instant).
func (i Instant) Time() time.Time {
	if i.u == 0 {
		return time.Time{}
	}
	return time.Unix(0, i.UnixNano()).UTC()
}

// UnixNano is the instant in nanoseconds since 1970 (math.MinInt64 for
// the zero Instant): what the conflict engine and the clock's queue
// compare.
func (i Instant) UnixNano() int64 { return int64(i.u ^ 1<<63) }

// IsZero reports whether i is the zero time.
func (i Instant) IsZero() bool { return i.u == 0 }

// Before, After and Equal compare instants as time.Time's methods do.
func (i Instant) Before(j Instant) bool { return i.UnixNano() < j.UnixNano() }
func (i Instant) After(j Instant) bool  { return i.UnixNano() > j.UnixNano() }
func (i Instant) Equal(j Instant) bool  { return i == j }

// String is the time's String.
func (i Instant) String() string { return i.Time().String() }

// MarshalJSON writes the time.Time's JSON.
func (i Instant) MarshalJSON() ([]byte, error) { return i.Time().MarshalJSON() }

// UnmarshalJSON reads what time.Time reads (null leaves i as it is),
// with its errors.
func (i *Instant) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var t time.Time
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	*i = InstantOf(t)
	return nil
}
