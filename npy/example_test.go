package npy_test

import (
	"bytes"
	"fmt"

	"github.com/hotloop/hotloop/npy"
)

func ExampleWrite() {
	var buf bytes.Buffer // an *os.File in real use: numpy.load reads it
	if err := npy.Write(&buf, []int{2, 3}, []float32{1, 2, 3, 4, 5, 6}); err != nil {
		panic(err)
	}
	shape, data, err := npy.Read[float32](&buf)
	fmt.Println(shape, data, err)
	// Output: [2 3] [1 2 3 4 5 6] <nil>
}
