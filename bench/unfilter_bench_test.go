package bench

// BenchmarkUnfilter reverses PNG's Sub, Up, Average and Paeth filters on one
// 1400-pixel RGB and RGBA row with every supported ISA's scan kernels
// (kernels.Unfilter), as package png runs them. SetBytes counts the row's
// bytes.

import (
	"fmt"
	"testing"

	"github.com/hotloop/hotloop/kernels"
)

func BenchmarkUnfilter(b *testing.B) {
	for _, f := range []struct {
		name   string
		filter uint8
	}{{"Sub", kernels.FilterSub}, {"Up", kernels.FilterUp}, {"Average", kernels.FilterAverage}, {"Paeth", kernels.FilterPaeth}} {
		for _, bpp := range []int{3, 4} {
			n := 1400 * bpp
			cur, prev := make([]uint8, n), make([]uint8, n)
			for i := range prev {
				prev[i] = uint8(i*7 + i/13)
			}
			b.Run(fmt.Sprintf("%s/bpp%d", f.name, bpp), func(b *testing.B) {
				for _, isa := range kernels.Supported() {
					b.Run("hotloop-"+isa.String(), func(b *testing.B) {
						defer kbUse(b, isa)()
						b.SetBytes(int64(n))
						for b.Loop() {
							if err := kernels.Unfilter(f.filter, cur, prev, bpp); err != nil {
								b.Fatal(err)
							}
						}
					})
				}
			})
		}
	}
}
