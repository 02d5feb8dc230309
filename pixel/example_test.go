package pixel_test

import (
	"fmt"

	"github.com/hotloop/hotloop/pixel"
)

// Resize, convert and normalise one image as the usual Python pipeline
// does, with Pillow's and torchvision's exact arithmetic.
func Example() {
	img := pixel.New(pixel.RGBA, 640, 480)
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	rgb := pixel.New(pixel.RGB, img.Width, img.Height)
	if err := pixel.Convert(rgb, img); err != nil { // Image.convert("RGB")
		panic(err)
	}
	small := pixel.New(pixel.RGB, 64, 48)
	if err := pixel.Resize(small, rgb, pixel.Bicubic); err != nil { // .resize((64, 48))
		panic(err)
	}
	x := make([]float32, pixel.TensorSize(pixel.RGB, 64, 48))
	err := pixel.ToTensor(x, small, pixel.CHW, []float32{0.485, 0.456, 0.406}, []float32{0.229, 0.224, 0.225})
	fmt.Println(len(x), err)
	// Output: 9216 <nil>
}
