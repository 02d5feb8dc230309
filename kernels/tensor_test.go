package kernels

import (
	"bytes"
	"math"
	"runtime/debug"
	"testing"

	"github.com/hotloop/hotloop/internal/testkit"
)

// tensorPlaneSpec is TensorPlane's contract computed in float64, each
// step rounded to float32: exact, as float64 holds every float32 quotient
// and difference to well past float32's rounding (double rounding of +,
// -, / is innocuous from 2p+2 bits), so it is an oracle written apart from
// the float32 reference.
func tensorPlaneSpec(dst []float32, src []uint8, stride int, mean, std float32) {
	for i := range dst {
		v := float32(float64(src[i*stride]) / 255)
		v = float32(float64(v) - float64(mean))
		dst[i] = float32(float64(v) / float64(std))
	}
}

// tensorPlaneTest is TensorPlane's test on the ISA TestKernels forces:
// every length of testkit.Lengths with strides 1 to 5, ImageNet's and
// awkward means and stds (and ToTensor's 0 and 1), every byte value,
// against the specification bit for bit, guarded, the source unchanged;
// then every slice flush against a PROT_NONE page; then misuse.
func tensorPlaneTest(t *testing.T) {
	r := testkit.NewRand(23)
	kernel := fixed().TensorPlane
	params := [][2]float32{{0, 1}, {0.485, 0.229}, {0.456, 0.224}, {0.406, 0.225}, {0.5, 0.5}, {-3.25, 1e-7}, {1e30, 3e-39}}
	for _, n := range testkit.Lengths() {
		if n > 5000 {
			continue
		}
		for stride := 1; stride <= 5; stride++ {
			p := params[r.IntN(len(params))]
			size := 0
			if n > 0 {
				size = (n-1)*stride + 1 + r.IntN(stride)
			}
			gs := testkit.NewGuarded[uint8](size, r.IntN(8), 0x5a)
			src := gs.S()
			for i := range src {
				src[i] = uint8(r.Uint32())
			}
			orig := bytes.Clone(src)
			want := make([]float32, n)
			tensorPlaneSpec(want, src, stride, p[0], p[1])
			for _, call := range []string{"TensorPlane", "table"} {
				gd := testkit.NewGuarded[float32](n, r.IntN(8), 42)
				dst := gd.S()
				if call == "table" {
					kernel(dst, src, stride, p[0], p[1])
				} else {
					TensorPlane(dst, src, stride, p[0], p[1])
				}
				for i := range dst {
					if math.Float32bits(dst[i]) != math.Float32bits(want[i]) {
						t.Fatalf("%s, %d values, stride %d, mean %v std %v: value %d (byte %d) is %v, want %v",
							call, n, stride, p[0], p[1], i, src[i*stride], dst[i], want[i])
					}
				}
				gd.Check(t, "dst")
				testkit.CheckUnchanged(t, "src", gs, orig)
			}
		}
	}

	// Every byte value with every parameter pair, through the vector loop.
	all := make([]uint8, 256)
	for i := range all {
		all[i] = uint8(i)
	}
	for _, p := range params {
		got, want := make([]float32, 256), make([]float32, 256)
		kernel(got, all, 1, p[0], p[1])
		tensorPlaneSpec(want, all, 1, p[0], p[1])
		for i := range got {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("byte %d, mean %v std %v: %v, want %v", i, p[0], p[1], got[i], want[i])
			}
		}
	}

	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	fd, fs := testkit.NewFence(t), testkit.NewFence(t)
	for _, n := range []int{1, 7, 8, 9, 15, 16, 17, 33, 100} {
		for stride := 1; stride <= 5; stride++ {
			for _, atEnd := range []bool{true, false} {
				src := testkit.Place(fs, (n-1)*stride+1, atEnd, uint8(200))
				for i := range src {
					src[i] = uint8(r.Uint32())
				}
				dst := testkit.Place(fd, n, atEnd, float32(0))
				want := make([]float32, n)
				tensorPlaneSpec(want, src, stride, 0.485, 0.229)
				kernel(dst, src, stride, 0.485, 0.229)
				for i := range dst {
					if math.Float32bits(dst[i]) != math.Float32bits(want[i]) {
						t.Fatalf("fenced, %d values, stride %d: value %d is %v, want %v", n, stride, i, dst[i], want[i])
					}
				}
			}
		}
	}

	src, dst := make([]uint8, 30), make([]float32, 10)
	for name, stride := range map[string]int{"zero stride": 0, "negative stride": -3, "past the end": 4, "huge stride": int(^uint(0) >> 2)} {
		testkit.ExpectPanic(t, name, func() { kernel(dst, src, stride, 0, 1) }, "TensorPlane")
		testkit.ExpectPanic(t, name, func() { TensorPlane(dst, src, stride, 0, 1) }, "TensorPlane")
	}
	testkit.ExpectPanic(t, "short source", func() { kernel(dst, src[:27], 3, 0, 1) }, "TensorPlane")
}

func init() { handTests["TensorPlane"] = tensorPlaneTest }
