package jpeg_test

import (
	"bytes"
	"fmt"
	"os"

	"github.com/hotloop/hotloop/jpeg"
	"github.com/hotloop/hotloop/pixel"
)

func ExampleDecode() {
	data, err := os.ReadFile("testdata/files/seq_420_17x9.jpg")
	if err != nil {
		panic(err)
	}
	m, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Width, m.Height, m.Format)
	// Output: 17 9 RGB
}

func ExampleDecoder() {
	// one Decoder per goroutine keeps its buffers across a batch; here
	// colour and grey files all come out as L, downscaled on load to at
	// least 8x4 where the DCT scaling allows
	dec := jpeg.Decoder{Options: jpeg.Options{Format: pixel.Gray, MinWidth: 8, MinHeight: 4}}
	for _, name := range []string{"seq_444_33x27.jpg", "gray_64x48.jpg"} {
		data, err := os.ReadFile("testdata/files/" + name)
		if err != nil {
			panic(err)
		}
		m, err := dec.DecodeBytes(data)
		if err != nil {
			panic(err)
		}
		fmt.Println(name, m.Width, m.Height, m.Format, dec.Config().Width)
	}
	// Output:
	// seq_444_33x27.jpg 9 7 L 33
	// gray_64x48.jpg 8 6 L 64
}
