package pixel

import (
	"fmt"
	"math"
)

// Filter is a resampling filter, as Pillow's Image.Resampling.
type Filter uint8

// The filters of Pillow's Image.resize. Bicubic is Pillow's default.
const (
	// Nearest picks the source pixel under each output pixel's centre.
	Nearest Filter = iota + 1
	// Box averages the source pixels each output pixel covers.
	Box
	// Bilinear is the triangle filter, widened when shrinking (antialiased).
	Bilinear
	// Hamming is a cosine-windowed sinc of support 1.
	Hamming
	// Bicubic is Keys' cubic with a = -0.5, support 2.
	Bicubic
	// Lanczos is the sinc windowed by a sinc three times wider, support 3.
	Lanczos
)

// filterDef is a filter's weight function and support (its half-width
// at scale 1), with Pillow's arithmetic: double precision, every operation
// rounded (explicit float64 conversions keep Go from fusing a multiply and
// an add, which it does on arm64), and the constants Pillow writes as
// float literals (Hamming's 0.54f, 0.46f) widened from float32 as C widens
// them.
type filterDef struct {
	name    string
	support float64
	weight  func(x float64) float64
}

var filters = [...]filterDef{
	Nearest: {"nearest", 0, nil},
	Box: {"box", 0.5, func(x float64) float64 {
		if x > -0.5 && x <= 0.5 {
			return 1
		}
		return 0
	}},
	Bilinear: {"bilinear", 1, func(x float64) float64 {
		x = math.Abs(x)
		if x < 1 {
			return 1 - x
		}
		return 0
	}},
	Hamming: {"hamming", 1, func(x float64) float64 {
		x = math.Abs(x)
		if x == 0 {
			return 1
		}
		if x >= 1 {
			return 0
		}
		x *= math.Pi
		return math.Sin(x) / x * (float64(float32(0.54)) + float64(float64(float32(0.46))*math.Cos(x)))
	}},
	Bicubic: {"bicubic", 2, func(x float64) float64 {
		const a = -0.5
		x = math.Abs(x)
		// Each product is rounded before the next addition (no FMA), as
		// Pillow's C computes it.
		if x < 1 {
			p := float64((a+2)*x) - (a + 3)
			return float64(p*x*x) + 1
		}
		if x < 2 {
			p := float64((x-5)*x) + 8
			return (float64(p*x) - 4) * a
		}
		return 0
	}},
	Lanczos: {"lanczos", 3, func(x float64) float64 {
		if -3 <= x && x < 3 {
			return sinc(x) * sinc(x/3)
		}
		return 0
	}},
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	x *= math.Pi
	return math.Sin(x) / x
}

// Valid reports whether f is one of the filters above.
func (f Filter) Valid() bool { return f >= Nearest && f <= Lanczos }

// String returns the filter's lower-case name ("bicubic").
func (f Filter) String() string {
	if !f.Valid() {
		return fmt.Sprintf("Filter(%d)", uint8(f))
	}
	return filters[f].name
}

// ParseFilter returns the filter with the given name, as String prints it.
func ParseFilter(name string) (Filter, error) {
	for f := Nearest; f <= Lanczos; f++ {
		if filters[f].name == name {
			return f, nil
		}
	}
	return 0, fmt.Errorf("pixel: unknown filter %q (want nearest, box, bilinear, hamming, bicubic or lanczos)", name)
}
