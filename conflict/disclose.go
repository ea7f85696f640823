package conflict

import (
	"time"

	"github.com/truce-center/truce/geo"
)

// DisclosureSlot is the time granularity at which a notification's
// window is disclosed to a party that may not read the notification:
// windows are rounded out to whole slots of six hours from midnight UTC.
const DisclosureSlot = 6 * time.Hour

// SlotWindow rounds a window out to whole disclosure slots; open ends
// stay open.
func SlotWindow(w Window) Window {
	if !w.Start.IsZero() {
		w.Start = w.Start.UTC().Truncate(DisclosureSlot)
	}
	if !w.End.IsZero() {
		if t := w.End.UTC().Truncate(DisclosureSlot); !t.Equal(w.End) {
			w.End = t.Add(DisclosureSlot)
		}
	}
	return w
}

// Disclose returns what a notification's volume discloses to a party
// that may not read it, for Object.Disclosed: its coarse footprint
// (geo.CoarseFootprint: the centres of the cells it passes, buffered by
// a half cell and its buffer in quarter cells), every altitude, whole
// slots. It contains v, so a check judged on it finds every conflict v
// has.
func Disclose(v Volume) Volume {
	return Volume{
		Footprint: geo.CoarseFootprint(v.Footprint.Geometry, v.Footprint.BufferM),
		Altitude:  AllAltitudes,
		Window:    SlotWindow(v.Window),
	}
}
