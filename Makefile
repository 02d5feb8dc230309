# hotloop: generate, test, bench, demo. `make help` lists the targets.
GO ?= go

.PHONY: help generate generate-avx2 generate-neon check-generated test test-quick test-arm64 verify-neon bench demo

help:
	@echo "make generate         regenerate asm/ from gen/ (committed output)"
	@echo "make check-generated  fail when asm/ differs from what gen/ writes"
	@echo "make test             the full test suite (the README's test command)"
	@echo "make test-quick       native tests only"
	@echo "make bench            benchmarks of every kernel and implementation"
	@echo "make demo             hotloop demo: generic vs SIMD timings"

generate: generate-avx2 generate-neon

generate-avx2:
	cd gen && $(GO) run ./avx2 -pkg asm \
		-out ../asm/avx2_amd64.s -stubs ../asm/avx2_stubs_amd64.go -table ../asm/avx2_table_amd64.go

# NEON: gen/neon writes the assembly, its Go declarations and the table.
generate-neon:
	cd gen && $(GO) run ./neon \
		-out ../asm/neon_arm64.s -stubs ../asm/neon_stubs_arm64.go -table ../asm/neon_table_arm64.go

# arm64 tests under qemu-aarch64-static: the default (max) CPU, an old
# core, and the purego build; HOTLOOP_EXPECT_ISA proves which path ran.
test-arm64:
	GOARCH=arm64 $(GO) vet ./...
	GOARCH=arm64 HOTLOOP_EXPECT_ISA=neon $(GO) test -count=1 -exec qemu-aarch64-static ./asm ./kernels
	GOARCH=arm64 HOTLOOP_EXPECT_ISA=neon $(GO) test -count=1 -exec "qemu-aarch64-static -cpu cortex-a53" ./asm ./kernels
	GOARCH=arm64 HOTLOOP_EXPECT_ISA=generic $(GO) test -count=1 -tags purego -exec qemu-aarch64-static ./asm ./kernels

# Checks every instruction form the NEON encoder emits against GNU as and
# objdump (binutils-aarch64-linux-gnu) and go tool objdump.
verify-neon:
	cd gen && $(GO) run ./neon -verify
	cd gen && CI=true $(GO) test -count=1 ./internal/arm64 ./neon

# Instructions per element of each NEON kernel's main loop (for the README).
.PHONY: neon-report
neon-report:
	@cd gen && $(GO) run ./neon -report

check-generated: generate
	@git diff --exit-code -- asm/ || { echo "asm/ is stale: run 'make generate' and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- asm/)" || { git status --porcelain -- asm/; echo "asm/ has untracked generated files"; exit 1; }

test:
	./scripts/test.sh

test-quick:
	$(GO) vet ./...
	$(GO) test ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./bench

demo:
	$(GO) run ./cmd/hotloop demo
