package testkit

import (
	"math"
	"math/rand/v2"
)

// Lengths are every length up to 300 (all loop remainders of every unroll
// factor) plus a few large ones that run many full blocks.
func Lengths() []int {
	n := make([]int, 0, 310)
	for i := 0; i <= 300; i++ {
		n = append(n, i)
	}
	return append(n, 511, 1000, 4099, 1<<16+7)
}

// ShortLengths are used where a test multiplies lengths by offsets.
var ShortLengths = []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 257, 1031}

// Specials are the values every kernel must handle exactly as IEEE says:
// zeros of both signs, infinities, NaN, the extremes of T's range (largest
// finite, least and greatest subnormal, least normal) and a few ordinary
// and hard-to-round values.
func Specials[T Float]() []T {
	inf := math.Inf(1)
	nan := math.NaN()
	v := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -2.5, inf, -inf, nan, 3, 1e-3, -7e5}
	if IsF32[T]() {
		v = append(v, math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32,
			0x1p-126, 0x1p-130, -float64(math.Float32frombits(0x007fffff)), 1e38, 1e-38, 1.5e-45, 16777217)
	} else {
		v = append(v, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
			0x1p-1022, 0x1p-1030, -math.Float64frombits(0x000fffffffffffff), 1e308, 1e-308, 9007199254740993)
	}
	out := make([]T, len(v))
	for i, x := range v {
		out[i] = T(x)
	}
	return out
}

// NewRand returns a deterministic generator for seed.
func NewRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }

// Kind selects the inputs a test feeds a kernel.
type Kind int

const (
	Uniform  Kind = iota // [-1, 1)
	Integers             // small integers: sums and products are exact
	Special              // mostly Specials, some ordinary values
	Positive             // (0, 2)
)

// Kinds are all the data kinds.
var Kinds = []Kind{Uniform, Integers, Special, Positive}

func (k Kind) String() string {
	return [...]string{"uniform", "integers", "special", "positive"}[k]
}

// Fill sets every element of s from r according to kind.
func Fill[T Float](r *rand.Rand, s []T, kind Kind) {
	sp := Specials[T]()
	for i := range s {
		switch kind {
		case Uniform:
			s[i] = T(r.Float64()*2 - 1)
		case Integers:
			s[i] = T(r.IntN(17) - 8)
		case Special:
			if r.IntN(3) == 0 {
				s[i] = T(r.NormFloat64() * 100)
			} else {
				s[i] = sp[r.IntN(len(sp))]
			}
		case Positive:
			s[i] = T(r.Float64()*2 + 1e-3)
		default:
			panic("testkit: unknown data kind")
		}
	}
}
