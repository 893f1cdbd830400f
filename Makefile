# Tidings: build, run, test and benchmark. `make help` lists the targets.
SHELL := /bin/bash
GO ?= go
NODE ?= node
GOROOT := $(shell $(GO) env GOROOT)
BUILD := build
WASM := $(BUILD)/tidings.wasm
WASM_EXEC := $(BUILD)/wasm_exec.js
CLI := $(BUILD)/tidings
GO_SOURCES := $(shell find wasm -name '*.go' -o -name '*.html' -o -name '*.txt') go.mod go.sum

.PHONY: all build run test test-go test-wasm lint bench fuzz clean help

all: build

help:
	@echo "make build  - the CLI ($(CLI)), the engine as WebAssembly ($(WASM)) and wasm_exec.js"
	@echo "make run    - build, then clean the seed pages with the CLI and write reader pages to $(BUILD)/demo/"
	@echo "make test   - every test: Go (unit, corpus floors, WASM = native), JS"
	@echo "make bench  - accuracy, speed and size numbers"
	@echo "make fuzz   - fuzz the parsers (FUZZTIME=5m each)"

build: $(CLI) $(WASM) $(WASM_EXEC)

$(CLI): $(GO_SOURCES)
	$(GO) build -trimpath -o $@ ./wasm/cmd/tidings

$(WASM): $(GO_SOURCES)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./wasm/bridge

# wasm_exec.js must come from the Go that built the .wasm.
$(WASM_EXEC): $(GOROOT)/lib/wasm/wasm_exec.js
	@mkdir -p $(BUILD)
	cp $< $@

run: build
	@mkdir -p $(BUILD)/demo
	$(CLI) clean --format html --out $(BUILD)/demo testdata/seeds/*.html
	$(CLI) clean --format text testdata/seeds/moscowtimes-kerry-syria.html
	@echo
	@echo "Reader pages written: $$(ls $(BUILD)/demo/*.html | tr '\n' ' ')"

test: lint test-go

lint:
	@out=$$(gofmt -l wasm); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# The WASM equivalence test (wasm/bridge) runs the built .wasm under Node.
test-go: $(WASM) $(WASM_EXEC)
	TIDINGS_WASM=$(abspath $(WASM)) TIDINGS_WASM_EXEC=$(abspath $(WASM_EXEC)) $(GO) test ./...

bench: build
	$(GO) run ./wasm/cmd/tidings-bench --wasm $(WASM) --wasm-exec $(WASM_EXEC)

FUZZTIME ?= 5m
fuzz:
	$(GO) test ./wasm/engine -run '^$$' -fuzz FuzzClean -fuzztime $(FUZZTIME)

clean:
	rm -rf $(BUILD)
