package kernels

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/hotloop/hotloop/asm"
	"github.com/hotloop/hotloop/internal/testkit"
)

// The fuzz targets decode arbitrary bytes into slices (every bit pattern:
// NaN payloads, subnormals, infinities) and compare every supported ISA
// with the generic reference. `go test` runs their seeds; `go test -fuzz
// FuzzElementwise ./kernels` explores.

func floats32(data []byte) []float32 {
	s := make([]float32, len(data)/4)
	for i := range s {
		s[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
	}
	return s
}

func floats64(data []byte) []float64 {
	s := make([]float64, len(data)/8)
	for i := range s {
		s[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
	}
	return s
}

func seedBytes(f *testing.F) {
	f.Add([]byte{}, uint8(0))
	f.Add([]byte{0, 0, 0xc0, 0x7f, 0, 0, 0x80, 0x7f, 0, 0, 0, 0x80, 1, 0, 0, 0}, uint8(3))
	b := make([]byte, 8*67)
	for i := range b {
		b[i] = byte(i*37 + 11)
	}
	f.Add(b, uint8(1))
	f.Add(b[:8*33+4], uint8(255))
}

func FuzzElementwise(f *testing.F) {
	seedBytes(f)
	// One seed per elementwise kernel, so that plain go test runs every
	// one of them (the fused ones included) on the long seed.
	b := make([]byte, 8*33+4)
	for i := range b {
		b[i] = byte(i*29 + 5)
	}
	for op := range ewCases[float32]() {
		f.Add(b, uint8(op))
	}
	f.Fuzz(func(t *testing.T, data []byte, op uint8) {
		fuzzElementwise(t, floats32(data), op)
		fuzzElementwise(t, floats64(data), op)
		// Again with the streaming loop taken from 256 bytes of output.
		defer asm.SetStreamThreshold(asm.SetStreamThreshold(0))
		fuzzElementwise(t, floats32(data), op)
		fuzzElementwise(t, floats64(data), op)
	})
}

func fuzzElementwise[T Float](t *testing.T, vals []T, op uint8) {
	cases := ewCases[T]()
	tc := cases[int(op)%len(cases)]
	n := len(vals) / 3
	in := [][]T{vals[:n], vals[n : 2*n], vals[2*n : 3*n]}[:tc.inputs]
	want := make([]T, n)
	tc.ref(want, in)
	eachISA(t, func(isa ISA) {
		got := make([]T, n)
		tc.run(got, in)
		for i := range got {
			if !testkit.SameFloat(got[i], want[i]) && !(tc.fused && testkit.FusedOrNot(got[i], want[i], tc.fa(i, nil, in), tc.fb(i, nil, in), tc.fc(i, nil, in))) {
				t.Fatalf("%s %s n=%d: element %d = %v, want %v", isa, tc.name, n, i, got[i], want[i])
			}
		}
	})
}

func FuzzReductions(f *testing.F) {
	seedBytes(f)
	f.Fuzz(func(t *testing.T, data []byte, _ uint8) {
		fuzzReductions(t, floats32(data))
		fuzzReductions(t, floats64(data))
	})
}

func fuzzReductions[T Float](t *testing.T, a []T) {
	ref := refOps[T]()
	eachISA(t, func(isa ISA) {
		if len(a) > 0 {
			if got, want := Min(a), ref.Min(a); !testkit.SameValue(got, want) {
				t.Fatalf("%s Min = %v, want %v", isa, got, want)
			}
			if got, want := Max(a), ref.Max(a); !testkit.SameValue(got, want) {
				t.Fatalf("%s Max = %v, want %v", isa, got, want)
			}
		}
		if got, want := ArgMin(a), argRef(a, func(x, y T) bool { return x < y }); got != want {
			t.Fatalf("%s ArgMin = %d, want %d", isa, got, want)
		}
		if got, want := ArgMax(a), argRef(a, func(x, y T) bool { return x > y }); got != want {
			t.Fatalf("%s ArgMax = %d, want %d", isa, got, want)
		}
		checkSpecialSum(t, isa.String()+" Sum", Sum(a), len(a), func(i int) float64 { return float64(a[i]) })
		checkNorm(t, isa.String()+" Norm", Norm(a), a, func(i int) float64 { return float64(a[i]) })
	})
}

func FuzzConversions(f *testing.F) {
	seedBytes(f)
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		s32, s64 := floats32(data), floats64(data)
		scale, offset := float32(k)/7-3, float32(int(k)-128)/3
		w64 := make([]float64, len(s32))
		float32To64Generic(w64, s32)
		w32 := make([]float32, len(s64))
		float64To32Generic(w32, s64)
		wf := make([]float32, len(data))
		uint8ToFloat32Generic(wf, data, scale, offset)
		wu := make([]uint8, len(s32))
		float32ToUint8Generic(wu, s32)
		eachISA(t, func(isa ISA) {
			g64 := make([]float64, len(s32))
			Float32To64(g64, s32)
			g32 := make([]float32, len(s64))
			Float64To32(g32, s64)
			gf := make([]float32, len(data))
			Uint8ToFloat32(gf, data, scale, offset)
			gu := make([]uint8, len(s32))
			Float32ToUint8(gu, s32)
			for i := range g64 {
				if !testkit.SameFloat(g64[i], w64[i]) {
					t.Fatalf("%s Float32To64(%v) = %v, want %v", isa, s32[i], g64[i], w64[i])
				}
				if gu[i] != wu[i] {
					t.Fatalf("%s Float32ToUint8(%v) = %v, want %v", isa, s32[i], gu[i], wu[i])
				}
			}
			for i := range g32 {
				if !testkit.SameFloat(g32[i], w32[i]) {
					t.Fatalf("%s Float64To32(%v) = %v, want %v", isa, s64[i], g32[i], w32[i])
				}
			}
			for i := range gf {
				if !testkit.SameFloat(gf[i], wf[i]) {
					t.Fatalf("%s Uint8ToFloat32(%v) = %v, want %v", isa, data[i], gf[i], wf[i])
				}
			}
		})
	})
}
