# The two set-up commands of the README are `make demo` and `make test`.
# Each installs what it needs on a fresh machine.

GO ?= go
ADDR ?= 127.0.0.1:8080

.PHONY: all build demo test bench deps deps-build vet fuzz clean

all: build

build: deps-build
	$(GO) build -tags gazetteer -o bin/truce ./cmd/truce

# deps-build installs what building (and so the demo) needs beyond Go:
# node and npm, the web application, the gazetteer. No browser, no
# PostgreSQL.
deps-build:
	@scripts/deps.sh build

# deps installs that and what the tests need: PostgreSQL, PostGIS,
# chromium and fonts (as root).
deps:
	@scripts/deps.sh test

# demo: ADDR=host:port to listen elsewhere than 127.0.0.1:8080.
demo: build
	./bin/truce demo --addr $(ADDR)

# vet: go vet, staticcheck (pinned, fetched through the module proxy), and
# a check that go.mod and go.sum are tidy.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
vet:
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) mod tidy -diff

# RACE are the packages with concurrency of their own (the writer, the
# event broker, the witness offers, the HTTP server, the shared store):
# make test runs their tests again under the race detector, with -short:
# the load tests that hold answers to a deadline (thousands of
# connections, 100,000 notifications) ran in the first pass, and the
# detector's slowdown would only make their deadlines lie.
RACE = ./center/... ./httpapi ./ledger ./postgres ./httpsig ./witness

test: deps vet
	$(GO) test -count=1 -timeout 30m ./...
	$(GO) test -race -short -count=1 -timeout 30m $(RACE)

# bench runs the benchmarks behind docs/performance.md (not part of test).
bench: deps
	scripts/bench.sh

# fuzz runs each fuzz target for FUZZTIME (default 60s).
FUZZTIME ?= 60s
fuzz:
	scripts/fuzz.sh $(FUZZTIME)

clean:
	rm -rf bin
