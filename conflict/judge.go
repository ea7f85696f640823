package conflict

// Judge appends to out the conflicts candidate c has with object o by
// the rules of s, found by testing every rule on every pair of volumes
// with the exact predicate and no index, and returns the extended slice
// (unsorted). It is what Index.Check must agree with: the tests' oracle
// and the benchmarks' peers (a single R-tree, PostGIS) refine with it.
func Judge(s Settings, c *Candidate, o *Object, out []Conflict) []Conflict {
	s = s.withDefaults()
	if c.SeparationHorizontalM > 0 {
		s.SeparationHorizontalM = c.SeparationHorizontalM
	}
	if c.SeparationVerticalM > 0 {
		s.SeparationVerticalM = c.SeparationVerticalM
	}
	for vi := range c.Volumes {
		cv := &c.Volumes[vi]
		for ri := range s.Rules {
			r := &s.Rules[ri]
			direct, swapped := r.applies(c.Kind)
			if !direct && !swapped {
				continue
			}
			if (c.ID != "" && o.ID == c.ID) || !r.objectMatches(c.Party, c.Kind, direct, swapped, o) {
				continue
			}
			sepH, sepV := 0.0, 0.0
			if r.Separation {
				sepH, sepV = s.SeparationHorizontalM, s.SeparationVerticalM
			}
			for ov := range o.Volumes {
				jv := judged(c, o, uint32(ov))
				if w, ok := volumesMeet(cv, jv, sepH, sepV); ok {
					cf := Conflict{Rule: r.ID, With: Ref{Type: o.Type, ID: o.ID, Kind: o.Kind, Party: o.Party}, Volume: vi, OtherVolume: ov, Overlap: w}
					if jv != &o.Volumes[ov] {
						if !c.NoExact {
							_, cf.Exact = volumesMeet(cv, &o.Volumes[ov], sepH, sepV)
						}
						cf.Disclosed = true
					}
					out = append(out, cf)
				}
			}
		}
	}
	return out
}
