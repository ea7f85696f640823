// Package unionfind joins the elements 0…n-1 into disjoint sets. Each
// set is named by its smallest element, so the grouping does not depend
// on the order in which pairs are joined.
package unionfind

// Sets are disjoint sets of 0…n-1.
type Sets []int

// New returns n singletons.
func New(n int) Sets {
	s := make(Sets, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// Find returns the smallest element of i's set.
func (s Sets) Find(i int) int {
	for s[i] != i {
		s[i] = s[s[i]]
		i = s[i]
	}
	return i
}

// Union joins the sets of i and j.
func (s Sets) Union(i, j int) {
	a, b := s.Find(i), s.Find(j)
	if a != b {
		s[max(a, b)] = min(a, b)
	}
}
