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

# NEON: filled in by the NEON generator work (issue 3).
generate-neon:

# arm64 tests under qemu-aarch64-static (issue 3).
test-arm64:

# Checks every instruction form the NEON encoder emits against GNU as (issue 3).
verify-neon:

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
