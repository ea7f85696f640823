// Package geo is truce's geometry: it parses GeoJSON (RFC 7946) geometries
// into validated values, measures distances on the Earth, decides whether
// two buffered shapes meet, and generalises shapes into coarse cell covers
// for need-to-know disclosure.
//
// It is pure: no I/O, no clocks, no globals that change. It must never
// accept a geometry it cannot reason about exactly (an invalid polygon
// would make every conflict check that touches it meaningless), and it must
// never let a coarse shape reveal more than the cell grid it is built on.
//
// # Conventions
//
// Positions are WGS 84 longitude and latitude in degrees, longitude first,
// as in GeoJSON. An edge between two positions is the straight line in
// longitude/latitude, as RFC 7946 §3.1.1 says ("a straight Cartesian line");
// topology (crossing, containment, validity) is decided on those straight
// lines with exact predicates.
//
// Distances are metres on a sphere with the IUGG mean Earth radius
// (6,371,008.8 m). Compared with geodesics on the WGS 84 ellipsoid, a
// spherical distance is off by at most 0.6 % (about 0.56 % at worst, on a
// short north–south line at the equator); the tests measure this bound
// against Vincenty's formula. To measure distances to an edge, the edge is
// densified: extra vertices are inserted on the straight lon/lat line until
// the great-circle pieces between them stay within about DensifyToleranceM
// of it. So a distance computed here is within 0.6 % + DensifyToleranceM of
// the distance on the ellipsoid to the shape RFC 7946 describes.
//
// Comparisons are conservative: Footprint.Within pads its limit by the
// proven bound of the sphere's stretch over the ellipsoid (SphereStretch,
// 0.5614 %) and by EdgeSlackM for each shape with edges, so that a pair
// within reach on the WGS 84 ellipsoid is never reported clear; the only
// error left is a false alarm, and an exact answer where nothing is to be
// measured (touching or overlapping shapes without buffers).
//
// # Decisions
//
//   - Antimeridian: an edge spanning more than 180° of longitude is refused
//     with a message asking the user to split the shape at ±180, as RFC 7946
//     §3.1.9 recommends. Shapes that end at ±180 are accepted, and distances
//     are measured on the sphere, so a point at 179.99° is 2 km from one at
//     -179.99°, and a MultiPolygon split at the antimeridian behaves as one
//     shape.
//   - Poles: an area around a pole is one Polygon running along a parallel
//     and up to latitude ±90, with intermediate vertices so that no edge
//     spans more than 180° of longitude, e.g.
//     [[-180,80],[0,80],[180,80],[180,90],[0,90],[-180,90],[-180,80]].
//   - Altitude: a third number in a position is accepted (many tools write
//     0) and dropped; altitudes are given separately as an altitude band.
//     A fourth number is refused.
//   - Repeated consecutive positions are accepted and dropped.
//   - Polygon validity is the OGC simple-features rule made stricter: rings
//     must be simple, rings of a polygon must not touch each other at all
//     (OGC allows touching at a point), holes lie inside their shell and
//     outside each other, and the polygons of a MultiPolygon must neither
//     touch nor overlap.
//   - Winding order is not enforced (RFC 7946 §3.1.6 asks parsers not to
//     reject clockwise rings) and is kept as given.
//   - Coarse covers use a fixed grid of rows 0.1° high cut into columns at
//     least 0.1° of the equator (about 11 km) wide, and are returned as
//     the valid union of their cells; see Coarse.
package geo
