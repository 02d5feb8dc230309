// Package kernels is hotloop's public API: SIMD kernels over float32 and
// float64 slices (elementwise arithmetic, reductions, conversions) that pick
// the fastest implementation for the CPU at run time.
//
// Every kernel has a plain-Go reference implementation (the "generic" ISA)
// and, where the CPU allows, assembly generated for AVX-512 or AVX2+FMA
// (amd64) or NEON (arm64). The choice is made once at start-up and can be
// changed with Use or the HOTLOOP_ISA environment variable; the purego build
// tag compiles no assembly at all.
//
// # AVX-512 or AVX2
//
// AVX512 needs AVX-512 F, BW, DQ and VL with the OS saving the opmask and
// ZMM state; it is then the default over AVX2 on every CPU family. That is
// measured on AMD Zen 5 (full 512-bit units): at 4K float32 elements (in
// L1) Sum, Dot and Add run 1.5-2x AVX2, Axpy and RGBToGray 1.4x, Scale 1.05x
// (store bound on both); from memory the two are alike, within the noise
// of a shared machine; no kernel family measured slower, so none is left
// on AVX2 (the README's Benchmarks section has the table). Zen 4 (512-bit
// operations in two 256-bit halves) and Intel Ice Lake and Sapphire
// Rapids (no licence-based down-clocking worth the name) are expected to
// gain less but not lose. On a 2-vCPU Sapphire Rapids VM since: resizing
// 1.15x (box) to 1.6x (bicubic to 64x64) AVX2, YCbCrToRGB 1.6x; from L3
// (4M float32) Sum about 5% slower than AVX2 and Dot alike, within that
// machine's noise (a YMM loop streamed 8% faster than a ZMM one there in a
// standalone test), so AVX-512 stays the default; on Intel Skylake-SP
// and Cascade Lake heavy 512-bit code lowers the core clock, which can
// slow the rest of a program: set HOTLOOP_ISA=avx2 there. The few kernels
// that use AVX512_VBMI's byte permutes (RGBToGray, RGBAToRGB, GrayToRGB,
// YCbCrToRGB, and ResampleRow on RGB) or AVX512_VNNI's VPDPWSSD
// (ResampleRow and ResampleRows on RGB and RGBA) run their AVX2 versions on
// CPUs without them (Skylake-SP, and Cascade Lake for VBMI), and kernels
// without an AVX-512 version (IDCT, DequantIDCT, TensorPlane) run their
// AVX2 ones. ResampleRows (RGB and RGBA resampling four rows at a time,
// what package pixel runs) has two AVX-512 versions with the same bytes,
// chosen per CPU family: AVX2's YMM layout with one VPDPWSSD for each
// VPMADDWD and VPADDD pair (on a Zen 4 that resized 1.1x (box) to 1.3x
// (lanczos) faster than AVX2, where ZMM forms had been slower), and the
// four rows in one ZMM on AMD family 1Ah (Zen 5) and later, which took
// 8-20% less time than the YMM version on a Zen 5 with 512-bit units.
// Where windows overlap enough, ResampleRows instead lays eight rows out
// in columns of pixel pairs once (TransposePairs3/4) and multiplies them
// with no shuffle per tap (ResamplePairs3/4, AVX2's instructions or
// AVX-512's VPDPWSSD): on AVX2, and on AVX-512 wherever its four-row
// kernels are the YMM ones (asm.PairsFirst; Zen 5's ZMM kernels were
// faster than the pair route in every shrink).
//
// # Large outputs
//
// On amd64 the elementwise kernels (Add, Sub, Mul, Div, AddConst, Scale,
// MulAdd, Abs) and the conversions Float32To64, Float64To32 and
// Uint8ToFloat32 write their output with non-temporal stores, which bypass
// the cache, when the call's slices (inputs and output) hold half the
// CPU's last-level cache or more: they do not stay in it together anyway,
// and ordinary stores would first read every output line from memory and
// evict the inputs. On a 2-vCPU AMD Zen 4 VM (32 MiB L3) that made Add of
// 4M float32 1.9x faster (2.45 to 1.26 ms) and Scale 2.1x; a 12 MB call
// (Float32To64 of 1M) ran 1.5x slower streamed, hence half the cache.
// The results are the same bits either way; a caller that reads a large
// output again at once may prefer it cached: SetStreamThreshold moves the
// threshold or turns streaming off. Axpy,
// whose output y is also an input, and any call whose destination is one
// of its inputs store through the cache: the lines are read anyway, and
// streaming them out made Axpy of 1M float64 1.5x slower there.
// Float32ToUint8 (a quarter of its input) and the NEON kernels do not
// stream. Package parallel gives the streaming kernels chunks of at least
// the threshold from twice it, so its calls stream too.
//
// From the same threshold (of their inputs' bytes), AVX-512's Sum, Dot,
// SumSquares and SumSquaredDiff load YMM halves rather than whole ZMMs:
// on that Zen 4 a ZMM loop from memory ran Dot of 4M float64 slower than
// AVX2's YMM loop, and the halves loop took 12% off it (2.97 to 2.63 ms,
// 10 interleaved rounds); the lanes add the same terms in the same
// order, so the result has the same bits either way.
//
// # Contracts
//
// All slices of one call must have the same length, or the call panics with
// a message naming the function and the lengths. The destination may be the
// very same slice as an input (same start, same length); any other overlap
// between the destination and an input panics, because a SIMD kernel reads
// ahead of where it writes.
//
// Elementwise kernels and conversions return the same bits on every ISA
// (NaN payloads aside: any NaN may come out as any other NaN). Axpy and
// MulAdd may use a fused multiply-add: each element is either a*b+c rounded
// twice or rounded once. Reductions add in an order that depends on the ISA
// but, for one ISA, on nothing but the length: the same input gives the same
// bits whatever the slices' address or alignment. See Sum for the error bound.
package kernels

// Float is the element type of the float kernels. Named types such as
// `type Celsius float32` are accepted too.
type Float interface{ ~float32 | ~float64 }
