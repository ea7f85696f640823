package ingest

// commonWords are English words that GeoNames also lists as places
// ("Police" in Poland, "Of" in Turkey, "Mobile" in Alabama). A generated
// place whose whole name is one of them is ignored: in news prose the
// word is the word. Committed places are never ignored.
var commonWords = setOf(`a about above according across action after again against agency aid air al arab
all also an and any are army as at attack attacks back bad bank base battle be because been before
began being best between bill black blue both british but by call called camp can capital car
case central centre chief city civil clear close coalition come commander committee control could
council country course court crisis damage day days de dead death defence defense deal did down
during each early east eastern el end enemy even every fall far field fight fighting fire first
five for force forces foreign four free friday from front further general good government great
green group groups had half has have he head health her here high his home hope hospital house
how however human i if in independence interior into is it its just justice key kind last late
later law leader least left liberty life like line little local long made main major many march
market may me media men middle might military minister ministry mission monday more most mosque
mr much must my national near new news next night no north northern not now of office officials
old on once one only opposition or order other our out over own part party peace people plan
point police political post power president press program progress province public rebel red
regime region reported republic rights road round royal rule rural said saturday say says school
second security see senior services several she should side since six so some south southern
spokesman square state states station still street strike strikes such sunday support syrian
take talks than that the their them then there these they this those three through thursday time
to today told top town towns toward towards town troops tuesday turkish two under union united
until up us use valley victory village war was water way we wednesday week weekend well were west
western what when where which while white who will with within without world would year years yet
you young zone zones mobile reading nice bath hospital university college airport harbour port
ocean lake river mount cape bay island islands hill hills new old saint san santa kings queens
gate bridge center mission liberty union progress unity concord tomahawk scud patriot hellfire
grad katyusha kornet tow stinger sukhoi mig apache hornet`)

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	w := ""
	flush := func() {
		if w != "" {
			m[w] = true
			w = ""
		}
	}
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' {
			flush()
			continue
		}
		w += string(r)
	}
	flush()
	return m
}

// agentVerbs follow a place name used for its government ("Moscow said",
// "Turkey has denied"): the name is then an actor, not a place.
var agentVerbs = setOf(`said says say saying has had have is was will would accused accuses denied denies
agreed agrees announced announces warned warns wants wanted blamed blames rejected rejects called
calls urged urges insisted insists confirmed confirms launched launches signed signs brokered
welcomed welcomes condemned condemns sent sends deployed deploys demanded demands proposed proposes
suspended suspends withdrew withdraws pledged pledges claimed claims believes supports backed
struck bombed began begins responded hopes expects can could should must did does vetoed vowed
threatened stated added asked told fired back backs support declared declares congratulated acting act acts closed opened reopened sealed sets set
controls controlled leads led sponsored hope hopes carried carries ordered promised refused refuses agreed recalled summoned
sponsored guaranteed co-sponsored halted resumed offered`)

// speechVerbs after an actor make it a speaker, not a perpetrator.
var speechVerbs = setOf(`said says say told reported accused accuses denied denies claimed claims blamed
blames warned confirmed confirms announced stated added according insisted condemned`)

// locativeWords before a name make it a place even where it could be a
// metonym ("in Moscow", "north of Damascus").
var locativeWords = setOf(`in at to from near into inside across outside towards toward around of
through throughout on over within via off beyond`)

// adjectiveSuffixes follow a hyphen to make a name an adjective
// ("rebel-held", "US-backed"): then it is not an actor mention.
var adjectiveSuffixes = setOf(`held controlled backed led allied linked aligned run affiliated supported
occupied besieged dominated friendly sponsored`)
