//go:build gazetteer

package ingest

import _ "embed"

// Built with -tags gazetteer (after scripts/gazetteer.sh), the binary
// carries the GeoNames places so that it needs no file at run time.
//
//go:embed gazetteer/generated/places.tsv.gz
var generatedPlaces []byte

func init() { embeddedGenerated = generatedPlaces }
