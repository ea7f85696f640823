// Package conflict is truce's deconfliction engine: given the active
// zones, protected sites and notifications, it says which of them a
// planned activity (a candidate notification) would conflict with, by
// which rule, in which volume and for how long.
//
// Everything is asked in one shape, the 4D volume: a footprint on the
// ground (geo.Footprint), an altitude band and a time window. The rules
// are one declarative table (DefaultRules); one generic matcher evaluates
// every rule. An in-memory Index answers checks against millions of
// volumes: R-trees over buffered lon/lat rectangles, split by the type of
// object and by time, whose leaves also hold each volume's window, band,
// kind and party rounded outwards, so that most entries are ruled out
// without reading the object; then an exact refine with package geo.
//
// It is pure: no I/O, no clock, no logging. It imports only package geo
// (and the standard library and the R-tree), never the application or a
// store: the application maps its domain objects into Object and
// Candidate, and serializes a check with the write it leads to. It must
// never miss a conflict that the exact predicate would find: the index
// may only prune what cannot match, and the property tests hold it to
// the brute-force answer.
//
// # Decisions
//
//   - Time windows are half-open, [Start, End): windows that touch (one
//     ends when the other starts) do not overlap and do not conflict.
//     A zero Start or End leaves that side open.
//   - Altitude bands are closed, [MinM, MaxM] metres above mean sea
//     level: bands that meet at one value overlap and conflict. Under the
//     separation rule, bands closer than the vertical minimum conflict,
//     and bands exactly the minimum apart do not (as in aviation, where
//     1,000 ft is the separation, not a violation of it).
//   - Horizontally, two volumes meet when their buffered footprints share
//     a point (touching counts); the separation rule adds the horizontal
//     minimum to the distance allowed. Distances follow package geo: on
//     the sphere, within 0.6 % + geo.DensifyToleranceM of the ellipsoid.
//   - Only active objects take part; upserting an inactive object removes
//     it from the index.
package conflict
