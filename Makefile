# hotloop: generate, test, bench, demo. `make help` lists the targets.
GO ?= go
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec

.PHONY: report roofline fuzz help generate generate-api generate-avx2 generate-avx512 generate-neon generate-inflate generate-jpegac check-generated test test-quick test-arm64 verify-neon bench demo
.PHONY: test-static test-native test-purego test-x86-qemu test-arm64-qemu verify-neon-binutils portability

help:
	@echo "make generate         regenerate every generated file from internal/registry and gen/ (committed output)"
	@echo "make check-generated  fail when a generated file differs from what gen/ writes"
	@echo "make test             the full test suite (the README's test command)"
	@echo "make test-quick       native tests only"
	@echo "make portability      go vet on every first-class GOOS/GOARCH (and wasm), pure Go"
	@echo "make bench            benchmarks of every kernel and implementation (bench/ module)"
	@echo "make demo             hotloop demo: generic vs SIMD timings"
	@echo "make roofline         llvm-mca throughput of every main loop against its ideal bound (needs llvm-19+)"
	@echo "make report           run the benchmark suites, write docs/benchmarks.md with charts (~25 min)"
	@echo "make fuzz             every fuzz target in turn, FUZZTIME each (default 60s)"

generate: generate-api generate-avx2 generate-avx512 generate-neon generate-inflate generate-jpegac

# gen/api writes the Go files that follow from internal/registry: asm's
# Table type, kernels' ISA constants, generic table and generated API,
# parallel's twins, and the lists tests, benchmarks and the demo iterate.
generate-api:
	cd gen && $(GO) run ./api -root ..

generate-avx2:
	cd gen && $(GO) run ./avx2 -pkg asm \
		-out ../asm/avx2_amd64.s -stubs ../asm/avx2_stubs_amd64.go -table ../asm/avx2_table_amd64.go

# AVX-512: kernels without an emitter in gen/avx512 run AVX2's code from
# its table, so generate-avx2's output is a dependency in spirit (both run).
generate-avx512:
	cd gen && $(GO) run ./avx512 -pkg asm \
		-out ../asm/avx512_amd64.s -stubs ../asm/avx512_stubs_amd64.go -table ../asm/avx512_table_amd64.go

# inflate: the amd64 fast loop of internal/inflate (one scalar loop for
# every amd64 CPU, beside its Go reference; not a registry kernel).
generate-inflate:
	cd gen && $(GO) run ./inflate -pkg inflate \
		-out ../internal/inflate/fast_amd64.s -stubs ../internal/inflate/fast_stub_amd64.go

# jpeg: the amd64 AC loops of the sequential block decoder (scalar loops
# for every amd64 CPU, beside its Go reference; not a registry kernel).
generate-jpegac:
	cd gen && $(GO) run ./jpegac -pkg jpeg \
		-out ../jpeg/acloop_amd64.s -stubs ../jpeg/acloop_stub_amd64.go

# NEON: gen/neon writes the assembly, its Go declarations and the table.
generate-neon:
	cd gen && $(GO) run ./neon \
		-out ../asm/neon_arm64.s -stubs ../asm/neon_stubs_arm64.go -table ../asm/neon_table_arm64.go \
		-readme ../README.md

# The benchmark report: bench/report runs the suites (and Pillow's figures
# when python3-pil is installed) and writes docs/benchmarks.md, its SVG
# charts and the raw benchstat-readable outputs in docs/raw/.
report:
	cd bench && $(GO) run ./report -out ../docs $(REPORTFLAGS)

# Static throughput analysis of every generated main loop (NEON and x86)
# under llvm-mca's models of Neoverse, Apple, Haswell..Sapphire Rapids and
# Zen cores, against the loop's ideal load/store/ALU bound. The script is
# the team's shared tool (ROOFLINE); it needs llvm-mca (Debian llvm-19 or
# newer), binutils-aarch64-linux-gnu and python3.
ROOFLINE ?= ../shared/tools/mca-roofline.sh
roofline:
	@test -x "$(ROOFLINE)" || test -f "$(ROOFLINE)" || { echo "make roofline: $(ROOFLINE) not found; set ROOFLINE=path/to/mca-roofline.sh" >&2; exit 1; }
	bash "$(ROOFLINE)" .

# arm64 tests under qemu-aarch64-static: the default (max) CPU, an old
# core, and the purego build; HOTLOOP_EXPECT_ISA proves which path ran.
test-arm64:
	GOARCH=arm64 $(GO) vet ./...
	GOARCH=arm64 HOTLOOP_EXPECT_ISA=neon $(GO) test -count=1 -exec qemu-aarch64-static ./...
	GOARCH=arm64 HOTLOOP_EXPECT_ISA=neon $(GO) test -count=1 -exec "qemu-aarch64-static -cpu cortex-a53" ./asm ./kernels
	GOARCH=arm64 HOTLOOP_EXPECT_ISA=generic $(GO) test -count=1 -tags purego -exec qemu-aarch64-static ./...

# Checks every instruction form the NEON encoder emits against GNU as and
# objdump (binutils-aarch64-linux-gnu) and go tool objdump.
verify-neon:
	cd gen && $(GO) run ./neon -verify
	cd gen && CI=true $(GO) test -count=1 ./internal/arm64 ./neon

# Instructions per element of each NEON kernel's main loop (for the README).
.PHONY: neon-report
neon-report:
	@cd gen && $(GO) run ./neon -report

GENERATED = asm/ internal/inflate/fast_amd64.s internal/inflate/fast_stub_amd64.go jpeg/acloop_amd64.s jpeg/acloop_stub_amd64.go $$(cd gen && $(GO) run ./api -list)

check-generated: generate
	@git diff --exit-code -- $(GENERATED) || { echo "generated files are stale: run 'make generate' and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- $(GENERATED))" || { git status --porcelain -- $(GENERATED); echo "untracked generated files"; exit 1; }

# The README's test command: every check CI runs. Steps that need qemu or
# the aarch64 binutils fail under CI=true when the tool is missing, and
# print a SKIPPED line elsewhere.
test: test-static check-generated test-native test-purego test-x86-qemu test-arm64-qemu verify-neon-binutils
	@echo "make test: all steps done"

# $(call need,COMMAND,DEBIAN-PACKAGE) is true when COMMAND exists; else it
# fails the recipe under CI and prints SKIPPED (and is false) elsewhere.
need = { command -v $(1) >/dev/null 2>&1 || { if [ "$$CI" = true ]; then echo "FAIL: $@ needs $(1) (apt-get install $(2)) and CI must run it" >&2; exit 1; fi; echo "SKIPPED: $@ needs $(1) (apt-get install $(2))"; false; }; }

# qemu's named x86 models print harmless "TCG doesn't support requested
# feature" lines; drop them so real failures stand out.
# sed, unlike grep -v, exits 0 whatever it drops, so pipefail reports go test's status.
QEMU_NOISE := sed "/TCG doesn't support requested feature/d"

# gofmt -l . walks the nested modules (gen/, bench/) too; go vet ./...
# does not, so each module is vetted in its own directory.
test-static:
	@out=$$(gofmt -l . ); test -z "$$out" || { echo "gofmt needed:"; echo "$$out"; exit 1; }
	$(GO) vet ./...
	GOARCH=arm64 $(GO) vet ./...
	cd gen && $(GO) vet ./...
	cd bench && $(GO) vet ./...
	@$(MAKE) --no-print-directory portability

# Every first-class Go port (linux, darwin, windows, freebsd x amd64,
# arm64) plus linux/386, riscv64, ppc64le, s390x and both wasm ports must
# build and vet (go vet compiles the tests too) with CGO_ENABLED=0; only
# amd64 and arm64 have assembly, the others run the generic Go path. The
# list is taken from `go tool dist list`, and a port missing there fails.
PORTS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64 \
	freebsd/amd64 freebsd/arm64 linux/386 linux/riscv64 linux/ppc64le linux/s390x js/wasm wasip1/wasm

portability:
	@dist=$$($(GO) tool dist list); \
	for p in $(PORTS); do \
		grep -qxF "$$p" <<<"$$dist" || { echo "FAIL: portability: $$p is not in 'go tool dist list'" >&2; exit 1; }; \
	done; \
	ports=$$(grep -xF $(addprefix -e ,$(PORTS)) <<<"$$dist"); \
	n=0; \
	for p in $$ports; do \
		echo "go vet ./... GOOS=$${p%/*} GOARCH=$${p#*/}"; \
		CGO_ENABLED=0 GOOS=$${p%/*} GOARCH=$${p#*/} $(GO) vet ./... || { echo "FAIL: portability: go vet on $$p" >&2; exit 1; }; \
		n=$$((n+1)); \
	done; \
	test "$$n" -eq $(words $(PORTS)) || { echo "FAIL: portability: vetted $$n ports, want $(words $(PORTS))" >&2; exit 1; }; \
	echo "portability: $$n ports vetted"

test-native:
	$(GO) test -count=1 -race ./...
	$(GO) test -count=1 -race -cpu 1,2,4 ./parallel
	cd gen && $(GO) test -count=1 ./...
	cd bench && $(GO) test -count=1 -run . ./...

test-purego:
	HOTLOOP_EXPECT_ISA=generic $(GO) test -count=1 -tags purego ./...

# Dispatch on emulated CPUs: Westmere has no AVX (generic must run),
# Haswell has AVX2+FMA but no AVX-512 (avx2 must run). qemu raises SIGILL on
# an instruction the model lacks, so a wrong dispatch fails loudly.
test-x86-qemu:
	@if $(call need,qemu-x86_64-static,qemu-user-static); then \
		echo "qemu -cpu Westmere (expect generic)"; \
		HOTLOOP_EXPECT_ISA=generic $(GO) test -count=1 -exec "qemu-x86_64-static -cpu Westmere" ./asm ./kernels 2>&1 | $(QEMU_NOISE); \
		echo "qemu -cpu Haswell (expect avx2)"; \
		HOTLOOP_EXPECT_ISA=avx2 $(GO) test -count=1 -exec "qemu-x86_64-static -cpu Haswell" ./asm ./kernels 2>&1 | $(QEMU_NOISE); \
	fi

test-arm64-qemu:
	@if $(call need,qemu-aarch64-static,qemu-user-static); then $(MAKE) --no-print-directory test-arm64; fi

verify-neon-binutils:
	@if $(call need,aarch64-linux-gnu-as,binutils-aarch64-linux-gnu); then $(MAKE) --no-print-directory verify-neon; fi

test-quick:
	$(GO) vet ./...
	$(GO) test ./...

# Every Fuzz target of the module, FUZZTIME each; .ci/fuzz says why the
# minimisation is short and which failure is a Go 1.26 flake.
FUZZTIME ?= 60s
FUZZMINIMIZE ?= 200x
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) FUZZMINIMIZE=$(FUZZMINIMIZE) ./.ci/fuzz

# bench/ is its own module (gonum and vek stay out of the library's go.mod).
bench:
	cd bench && $(GO) test -run '^$$' -bench . -benchmem ./...

demo:
	$(GO) run ./cmd/hotloop demo
