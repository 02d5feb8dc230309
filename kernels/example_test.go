package kernels_test

import (
	"fmt"

	"github.com/hotloop/hotloop/kernels"
)

func ExampleAdd() {
	a := []float32{1, 2, 3, 4}
	b := []float32{10, 20, 30, 40}
	dst := make([]float32, len(a))
	kernels.Add(dst, a, b)
	fmt.Println(dst)
	// Output: [11 22 33 44]
}

func ExampleAxpy() {
	x := []float64{1, 2, 3}
	y := []float64{1, 1, 1}
	kernels.Axpy(2, x, y) // y += 2*x
	fmt.Println(y)
	// Output: [3 5 7]
}

func ExampleSum() {
	a := []float64{0.5, 1.5, 2, 4}
	fmt.Println(kernels.Sum(a), kernels.Dot(a, a))
	// Output: 8 22.5
}

func ExampleArgMax() {
	scores := []float32{0.1, 0.7, 0.2, 0.7}
	fmt.Println(kernels.ArgMax(scores), kernels.Max(scores))
	// Output: 1 0.7
}

func ExampleNorm() {
	// Squares of 3e30 and 4e30 overflow float32; Norm still gets 5e30.
	fmt.Println(kernels.Norm([]float32{3e30, 4e30}))
	fmt.Println(kernels.Distance([]float64{1, 2}, []float64{4, 6}))
	// Output:
	// 5e+30
	// 5
}

// Turning image bytes into a normalised tensor: (x/255 - mean) / std in one
// pass, as scale*x + offset.
func ExampleUint8ToFloat32() {
	pixels := []uint8{0, 128, 255}
	const mean, std = 0.5, 0.25
	out := make([]float32, len(pixels))
	kernels.Uint8ToFloat32(out, pixels, 1/(255*std), -mean/std)
	fmt.Printf("%.4f\n", out)
	// Output: [-2.0000 0.0078 2.0000]
}

func ExampleFloat32ToUint8() {
	out := make([]uint8, 6)
	kernels.Float32ToUint8(out, []float32{-3, 0.5, 1.5, 127.49, 254.5, 300})
	fmt.Println(out)
	// Output: [0 0 2 127 254 255]
}

// Comparing implementations: force each supported ISA in turn.
func ExampleUse() {
	prev := kernels.Active()
	defer kernels.Use(prev)
	a := []float32{1, 2, 3}
	for _, isa := range kernels.Supported() {
		if err := kernels.Use(isa); err != nil {
			panic(err)
		}
		_ = kernels.Sum(a) // runs on isa
	}
	fmt.Println(kernels.Use(kernels.ISA(99)) != nil)
	// Output: true
}
