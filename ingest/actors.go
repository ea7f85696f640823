package ingest

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/truce-center/truce"
)

// Actor kinds.
const (
	ActorState        = "state"
	ActorArmedGroup   = "armed-group"
	ActorMilitia      = "militia"
	ActorCivilians    = "civilians"
	ActorHumanitarian = "humanitarian"
	ActorProtesters   = "protesters"
	ActorRioters      = "rioters"
)

// Actor is a state, a force, an armed group, or a group of civilians or
// responders that events name. Category is the ACLED actor category
// (StateForces … ExternalForces). Aliases always denote the actor;
// Metonyms are place names that denote it only when they act ("Moscow
// said", "talks between Washington and Moscow") and are places otherwise.
type Actor struct {
	Name     string   `json:"name"`
	Category int      `json:"category"`
	Kind     string   `json:"kind"`
	Country  string   `json:"country,omitempty"`
	Aliases  []string `json:"aliases,omitempty"`
	Metonyms []string `json:"metonyms,omitempty"`
}

// aliasRef is one entry of the actor index.
type aliasRef struct {
	actor   int32
	exact   string // for a case-sensitive alias, its tokens as written, space-joined
	metonym bool
}

// Actors is the list of actors extraction recognises. It is safe for
// concurrent use: a center may Add while articles are extracted.
type Actors struct {
	mu        sync.RWMutex
	list      []Actor
	byName    map[string]int32
	index     map[string][]aliasRef // folded alias -> refs
	maxTokens int
}

//go:embed actors.tsv
var committedActors string

// DefaultActors returns a new list holding the committed actors.
func DefaultActors() *Actors {
	a := &Actors{byName: map[string]int32{}, index: map[string][]aliasRef{}}
	for n, line := range strings.Split(committedActors, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			panic(fmt.Sprintf("ingest: actors.tsv line %d: %d fields, want 6", n+1, len(f)))
		}
		cat, _ := strconv.Atoi(f[1])
		act := Actor{Name: f[0], Category: cat, Kind: f[2], Country: f[3], Aliases: split(f[4]), Metonyms: split(f[5])}
		if err := a.Add(act); err != nil {
			panic(fmt.Sprintf("ingest: actors.tsv line %d: %v", n+1, err))
		}
	}
	return a
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

var actorKinds = map[string]bool{
	ActorState: true, ActorArmedGroup: true, ActorMilitia: true, ActorCivilians: true,
	ActorHumanitarian: true, ActorProtesters: true, ActorRioters: true,
}

// Add adds an actor, or merges it into the actor of the same name (its
// aliases and metonyms are added; a non-zero category or kind replaces
// the old). The name is itself an alias. It returns a *truce.Error with
// code EInvalid naming the bad fields ("name", "category", "kind",
// "aliases[i]") and changes nothing then.
func (a *Actors) Add(act Actor) error {
	var fields truce.Fields
	act.Name = strings.TrimSpace(act.Name)
	if act.Name == "" || len(act.Name) > 200 {
		fields.Add("name", "must be 1 to 200 characters")
	}
	if act.Category < 0 || act.Category > 8 {
		fields.Add("category", "must be an ACLED actor category, 1 to 8")
	}
	if act.Kind != "" && !actorKinds[act.Kind] {
		fields.Add("kind", "must be one of state, armed-group, militia, civilians, humanitarian, protesters, rioters")
	}
	for i, al := range act.Aliases {
		if len(foldTokens(al)) == 0 || len(al) > 200 {
			fields.Add(fmt.Sprintf("aliases[%d]", i), "must have a word and at most 200 characters")
		}
	}
	for i, al := range act.Metonyms {
		if len(foldTokens(al)) == 0 || len(al) > 200 {
			fields.Add(fmt.Sprintf("metonyms[%d]", i), "must have a word and at most 200 characters")
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	id, exists := a.byName[act.Name]
	if !exists && act.Category == 0 {
		fields.Add("category", "is required for a new actor")
	}
	if err := fields.Err(); err != nil {
		return err
	}
	if !exists {
		id = int32(len(a.list))
		a.list = append(a.list, Actor{Name: act.Name})
		a.byName[act.Name] = id
		a.indexAlias(id, act.Name, false)
	}
	cur := &a.list[id]
	if act.Category != 0 {
		cur.Category = act.Category
	}
	if act.Kind != "" {
		cur.Kind = act.Kind
	}
	if act.Country != "" {
		cur.Country = act.Country
	}
	for _, al := range act.Aliases {
		if !contains(cur.Aliases, al) {
			cur.Aliases = append(cur.Aliases, al)
			a.indexAlias(id, al, false)
		}
	}
	for _, al := range act.Metonyms {
		if !contains(cur.Metonyms, al) {
			cur.Metonyms = append(cur.Metonyms, al)
			a.indexAlias(id, al, true)
		}
	}
	return nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func (a *Actors) indexAlias(id int32, alias string, metonym bool) {
	toks := tokenize(alias)
	if len(toks) == 0 {
		return
	}
	keys := make([]string, len(toks))
	raws := make([]string, len(toks))
	exact := false
	for i, t := range toks {
		keys[i] = t.key
		raws[i] = strings.ReplaceAll(t.raw, ".", "")
		if t.allCaps || strings.Contains(t.raw, ".") {
			exact = true // an acronym: "IS" is not "is"
		}
	}
	ref := aliasRef{actor: id, metonym: metonym}
	if exact {
		ref.exact = strings.Join(raws, " ")
	}
	a.indexKey(strings.Join(keys, " "), ref, len(keys))
	// "Syrian warplanes" also names the actor in the singular ("a Syrian
	// warplane"): index the singular of a plural last word.
	if last := keys[len(keys)-1]; len(keys) > 1 && !exact && len(last) > 4 && strings.HasSuffix(last, "s") && !strings.HasSuffix(last, "ss") {
		keys[len(keys)-1] = strings.TrimSuffix(last, "s")
		a.indexKey(strings.Join(keys, " "), ref, len(keys))
	}
}

func (a *Actors) indexKey(k string, ref aliasRef, n int) {
	for _, r := range a.index[k] {
		if r == ref {
			return
		}
	}
	a.index[k] = append(a.index[k], ref)
	if n > a.maxTokens {
		a.maxTokens = n
	}
}

// Get returns the actor with the canonical name.
func (a *Actors) Get(name string) (Actor, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	id, ok := a.byName[name]
	if !ok {
		return Actor{}, false
	}
	return a.list[id].clone(), true
}

// List returns every actor, sorted by name.
func (a *Actors) List() []Actor {
	a.mu.RLock()
	defer a.mu.RUnlock()
	out := make([]Actor, len(a.list))
	for i, act := range a.list {
		out[i] = act.clone()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup returns the actors that the phrase names as an alias (not as a
// metonym), matched as in text.
func (a *Actors) Lookup(phrase string) []Actor {
	toks := tokenize(phrase)
	a.mu.RLock()
	defer a.mu.RUnlock()
	var out []Actor
	for _, r := range a.match(toks, 0, len(toks)) {
		if !r.metonym {
			out = append(out, a.list[r.actor].clone())
		}
	}
	return out
}

func (act Actor) clone() Actor {
	act.Aliases = append([]string(nil), act.Aliases...)
	act.Metonyms = append([]string(nil), act.Metonyms...)
	return act
}

// match returns the aliases that toks[i:j] spells. The caller holds a.mu.
// loyalNouns name the armed men of a leader: "militias loyal to".
var loyalNouns = setOf(`forces militias militia fighters troops gunmen loyalists units`)

// loyalTo reads "militias loyal to warlord Khalifa Haftar" at toks[i:]:
// armed men loyal to a leader, whatever his title, are the actor known
// as "forces loyal to <leader>" or "<leader> forces". It returns the
// actor and the tokens used, or 0.
func (a *Actors) loyalTo(toks []token, sentOf []int, i int) (aliasRef, int) {
	if i+3 >= len(toks) || !loyalNouns[toks[i].key] || toks[i+1].key != "loyal" || toks[i+2].key != "to" {
		return aliasRef{}, 0
	}
	for t := 0; t <= 2; t++ { // up to two words of title: "warlord", "renegade general"
		k := i + 3 + t
		for m := 3; m >= 1; m-- {
			if k+m > len(toks) || sentOf[k+m-1] != sentOf[i] {
				continue
			}
			var name strings.Builder
			for n := k; n < k+m; n++ {
				if n > k {
					name.WriteByte(' ')
				}
				name.WriteString(toks[n].key)
			}
			for _, alias := range []string{"forces loyal to " + name.String(), name.String() + " forces"} {
				for _, r := range a.index[alias] {
					if !r.metonym {
						return r, k + m - i
					}
				}
			}
		}
		if k >= len(toks) || toks[k].capital && t > 0 {
			break
		}
	}
	return aliasRef{}, 0
}

func (a *Actors) match(toks []token, i, j int) []aliasRef {
	var buf [64]byte
	refs := a.index[string(joinKeys(buf[:0], toks[i:j]))]
	if len(refs) == 0 {
		return nil
	}
	var raw strings.Builder
	for k := i; k < j; k++ {
		if k > i {
			raw.WriteByte(' ')
		}
		raw.WriteString(strings.ReplaceAll(toks[k].raw, ".", ""))
	}
	var out []aliasRef
	for _, r := range refs {
		if r.exact != "" && r.exact != raw.String() {
			continue
		}
		if r.exact == "" && !lowerOK(toks[i:j]) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// lowerOK rejects a case-insensitive alias written in capitals as a word
// of its own ("IS" is an acronym, never the alias "is"): an all-caps token
// of two or three letters only matches an exact alias.
func lowerOK(toks []token) bool {
	for _, t := range toks {
		if t.allCaps && len([]rune(t.raw)) <= 3 && !unicode.IsDigit([]rune(t.raw)[0]) {
			return false
		}
	}
	return true
}
