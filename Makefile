# The two set-up commands of the README are `make demo` and `make test`.
# Each installs what it needs on a fresh machine.

GO ?= go
ADDR ?= 127.0.0.1:8080

.PHONY: all build demo test bench deps vet fuzz clean

all: build

build: deps
	$(GO) build -tags gazetteer -o bin/truce ./cmd/truce

# deps installs what the build and the tests need beyond Go itself.
deps:
	@if [ -x scripts/deps.sh ]; then scripts/deps.sh; fi

demo: build
	./bin/truce demo --addr $(ADDR)

vet:
	$(GO) vet ./...

test: deps vet
	$(GO) test -count=1 -timeout 30m ./...

# bench runs the benchmarks behind docs/performance.md (not part of test).
bench: deps
	scripts/bench.sh

# fuzz runs each fuzz target for FUZZTIME (default 60s).
FUZZTIME ?= 60s
fuzz:
	scripts/fuzz.sh $(FUZZTIME)

clean:
	rm -rf bin
