package truce

import "slices"

// This file is the ACLED vocabulary violation reports are coded in: the
// six event types and their sub-types, the interaction codes and the
// scales of sources. Reports refuse anything else, naming the field.

// ACLED event types.
const (
	Battles                  = "Battles"
	ExplosionsRemoteViolence = "Explosions/Remote violence"
	ViolenceAgainstCivilians = "Violence against civilians"
	Protests                 = "Protests"
	Riots                    = "Riots"
	StrategicDevelopments    = "Strategic developments"
)

// ACLED sub-event types.
const (
	ArmedClash                 = "Armed clash"
	GovernmentRegainsTerritory = "Government regains territory"
	NonStateOvertakesTerritory = "Non-state actor overtakes territory"

	ChemicalWeapon  = "Chemical weapon"
	AirDroneStrike  = "Air/drone strike"
	SuicideBomb     = "Suicide bomb"
	Shelling        = "Shelling/artillery/missile attack"
	RemoteExplosive = "Remote explosive/landmine/IED"
	Grenade         = "Grenade"

	SexualViolence = "Sexual violence"
	Attack         = "Attack"
	Abduction      = "Abduction/forced disappearance"

	PeacefulProtest         = "Peaceful protest"
	ProtestWithIntervention = "Protest with intervention"
	ExcessiveForce          = "Excessive force against protesters"

	ViolentDemonstration = "Violent demonstration"
	MobViolence          = "Mob violence"

	Agreement                  = "Agreement"
	Arrests                    = "Arrests"
	ChangeToGroup              = "Change to group/activity"
	DisruptedWeaponsUse        = "Disrupted weapons use"
	HeadquartersEstablished    = "Headquarters or base established"
	LootingPropertyDestruction = "Looting/property destruction"
	NonViolentTransfer         = "Non-violent transfer of territory"
	OtherDevelopment           = "Other"
)

// EventTypes maps each ACLED event type to its sub-event types, in
// ACLED's order. It is the one table of valid (type, sub-type) pairs;
// callers must not modify it.
var EventTypes = map[string][]string{
	Battles:                  {ArmedClash, GovernmentRegainsTerritory, NonStateOvertakesTerritory},
	ExplosionsRemoteViolence: {ChemicalWeapon, AirDroneStrike, SuicideBomb, Shelling, RemoteExplosive, Grenade},
	ViolenceAgainstCivilians: {SexualViolence, Attack, Abduction},
	Protests:                 {PeacefulProtest, ProtestWithIntervention, ExcessiveForce},
	Riots:                    {ViolentDemonstration, MobViolence},
	StrategicDevelopments: {Agreement, Arrests, ChangeToGroup, DisruptedWeaponsUse,
		HeadquartersEstablished, LootingPropertyDestruction, NonViolentTransfer, OtherDevelopment},
}

// EventTypeOf returns the event type a sub-event type belongs to, and
// false for a name that is not an ACLED sub-event type. "Attack" belongs
// to Violence against civilians only.
func EventTypeOf(subEventType string) (string, bool) {
	for t, subs := range EventTypes {
		for _, s := range subs {
			if s == subEventType {
				return t, true
			}
		}
	}
	return "", false
}

// ValidEvent reports whether subEventType is a sub-type of eventType.
func ValidEvent(eventType, subEventType string) bool {
	return slices.Contains(EventTypes[eventType], subEventType)
}

// ACLED actor categories: the digit of an actor in ACLED's inter1/inter2
// columns. An event's interaction code is the two digits, lower first
// (a state force fighting a rebel group is 12).
const (
	StateForces       = 1
	RebelGroups       = 2
	PoliticalMilitias = 3
	IdentityMilitias  = 4
	Rioters           = 5
	Protesters        = 6
	Civilians         = 7
	ExternalForces    = 8 // foreign forces, the UN and other outside actors
)

// ActorCategories names each actor category.
var ActorCategories = map[int]string{
	StateForces:       "State forces",
	RebelGroups:       "Rebel groups",
	PoliticalMilitias: "Political militias",
	IdentityMilitias:  "Identity militias",
	Rioters:           "Rioters",
	Protesters:        "Protesters",
	Civilians:         "Civilians",
	ExternalForces:    "External/Other forces",
}

// Interaction returns ACLED's interaction code for two actor categories:
// the two digits with the lower first, or the single digit when there is
// no second actor (cat2 == 0), or 0 when cat1 is 0.
func Interaction(cat1, cat2 int) int {
	if cat1 == 0 {
		return 0
	}
	if cat2 == 0 {
		return cat1
	}
	if cat2 < cat1 {
		cat1, cat2 = cat2, cat1
	}
	return cat1*10 + cat2
}

// Time precision of a date, as ACLED's time_precision.
const (
	PrecisionDay   = 1 // the day is known
	PrecisionWeek  = 2 // a week or a few days
	PrecisionMonth = 3 // only the month (or a longer period)
)

// Geo precision of a location, as ACLED's geo_precision.
const (
	GeoTown   = 1 // the town or village itself (or a part of it)
	GeoNear   = 2 // near a town, or a small area; the nearest town is given
	GeoRegion = 3 // only a region (a governorate) or larger; its centre is given
)

// SourceScales are the scales a report's source may have.
var SourceScales = []string{"local", "subnational", "national", "regional", "international"}
