package idct

import (
	"math/rand/v2"
	"testing"

	"github.com/hotloop/hotloop/internal/islow"
)

// run interprets ops on scalar int32 values.
func run(ops []Op, v map[string]int32) {
	for _, o := range ops {
		a, b := v[o.A], v[o.B]
		var r int32
		switch o.Kind {
		case Add:
			r = a + b
		case Sub:
			r = a - b
		case Mul:
			r = a * o.K
		case Shl:
			r = a << o.N
		case Sar:
			r = a >> o.N
		case AddK:
			r = a + o.K
		}
		v[o.Dst] = r
	}
}

// reference is jidctint's 1-D pass as libjpeg writes it.
func reference(in [8]int32, shift uint) (out [8]int32) {
	z2, z3 := in[2], in[6]
	z1 := (z2 + z3) * islow.Fix0_541196100
	tmp2 := z1 - z3*islow.Fix1_847759065
	tmp3 := z1 + z2*islow.Fix0_765366865
	tmp0 := (in[0] + in[4]) << ConstBits
	tmp1 := (in[0] - in[4]) << ConstBits
	tmp10, tmp13 := tmp0+tmp3, tmp0-tmp3
	tmp11, tmp12 := tmp1+tmp2, tmp1-tmp2
	t0, t1, t2, t3 := in[7], in[5], in[3], in[1]
	z1, z2, z3, z4 := t0+t3, t1+t2, t0+t2, t1+t3
	z5 := (z3 + z4) * islow.Fix1_175875602
	t0 *= islow.Fix0_298631336
	t1 *= islow.Fix2_053119869
	t2 *= islow.Fix3_072711026
	t3 *= islow.Fix1_501321110
	z1 *= -islow.Fix0_899976223
	z2 *= -islow.Fix2_562915447
	z3 = z3*-islow.Fix1_961570560 + z5
	z4 = z4*-islow.Fix0_390180644 + z5
	t0 += z1 + z3
	t1 += z2 + z4
	t2 += z2 + z3
	t3 += z1 + z4
	h := int32(1) << (shift - 1)
	out[0], out[7] = (tmp10+t3+h)>>shift, (tmp10-t3+h)>>shift
	out[1], out[6] = (tmp11+t2+h)>>shift, (tmp11-t2+h)>>shift
	out[2], out[5] = (tmp12+t1+h)>>shift, (tmp12-t1+h)>>shift
	out[3], out[4] = (tmp13+t0+h)>>shift, (tmp13-t0+h)>>shift
	return out
}

// TestPassIsJidctint checks the op lists against libjpeg's pass on
// random inputs, small and wrapping.
func TestPassIsJidctint(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	in, out := Names("i"), Names("o")
	for _, shift := range []uint{Shift1, Shift2} {
		ops := Pass(in, out, shift, "t_")
		for k := 0; k < 20000; k++ {
			var x [8]int32
			v := map[string]int32{}
			for i := range x {
				if k%2 == 0 {
					x[i] = int32(r.Uint32())
				} else {
					x[i] = int32(r.IntN(1<<16)) - 1<<15
				}
				v[in[i]] = x[i]
			}
			run(ops, v)
			want := reference(x, shift)
			for i := range want {
				if v[out[i]] != want[i] {
					t.Fatalf("shift %d, input %v: output %d is %d, want %d", shift, x, i, v[out[i]], want[i])
				}
			}
		}
	}
}

// TestMultipliers checks that every Mul constant has a slot.
func TestMultipliers(t *testing.T) {
	for _, o := range Pass(Names("i"), Names("o"), Shift1, "") {
		if o.Kind == Mul {
			MultiplierIndex(o.K)
		}
	}
}
