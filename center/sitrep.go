package center

import "github.com/truce-center/truce"

// Unrecorded returns those of objects whose precise coordinates have not
// yet been recorded as shown to caller's member in their current
// version: an access is recorded once per member and version of the
// object (the product's rule), so a read that shows the same objects
// again, with nothing changed, writes nothing and leaves the log — and
// a report built from it — as it was. Pass the result to RecordAccess.
func (c *Center) Unrecorded(caller *Caller, objects []truce.ObjectRef) []truce.ObjectRef {
	if len(objects) == 0 {
		return nil
	}
	var out []truce.ObjectRef
	c.read(func(s *State) {
		latest := map[truce.ObjectRef]uint64{}
		for _, obj := range s.objects[kindAccess] {
			rec := obj.(*truce.AccessRecord)
			if rec.Member != caller.Member.ID {
				continue
			}
			for _, ref := range rec.Objects {
				latest[ref] = max(latest[ref], rec.LogIndex)
			}
		}
		for _, ref := range objects {
			var version uint64 // the entry that made what is shown
			switch o := s.get(ref.Type, ref.ID).(type) {
			case *truce.Zone:
				version = o.VersionLogIndex
			case *truce.Site:
				version = o.LogIndex
			}
			if at, ok := latest[ref]; !ok || at < version {
				out = append(out, ref)
			}
		}
	})
	return out
}
