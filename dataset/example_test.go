package dataset_test

import (
	"context"
	"fmt"

	"github.com/hotloop/hotloop/dataset"
)

// Load stacks a folder of images into one uint8 array, as
// np.array([np.asarray(Image.open(p).convert("RGB").resize((32, 32))) for p in paths]).
func ExampleLoad() {
	paths, err := dataset.Walk("testdata/images")
	if err != nil {
		panic(err)
	}
	b, err := dataset.Load(context.Background(), paths, dataset.Size(32, 32))
	if err != nil {
		panic(err)
	}
	fmt.Println(b.Shape, len(b.Uint8), b.Paths[0])
	// Output: [10 32 32 3] 30720 testdata/images/a_gray.png
}
