package jpeg

// Colour conversion rows: libjpeg's YCbCr→RGB tables (for YCCK files; the
// YCbCr rows run kernels.YCbCrToRGB, and a colour file read as grey
// kernels.RGBToGray, Pillow's RGB→L).

// Fixed-point factors (x 65536, rounded) of the JFIF YCbCr→RGB matrix.
const (
	crR = 91881  // 1.40200
	cbB = 116130 // 1.77200
	crG = 46802  // 0.71414
	cbG = 22554  // 0.34414
)

func clampByte(x int32) uint8 {
	if uint32(x) > 255 {
		return uint8(^(x >> 31))
	}
	return uint8(x)
}

// The products of the conversion for each chroma value, rounded and
// shifted where libjpeg's tables are (Cr→R, Cb→B), and the green terms
// summed before one rounding shift.
var crRTab, cbBTab, crGTab, cbGTab [256]int32

func init() {
	for i := range 256 {
		x := int32(i) - 128
		crRTab[i] = (crR*x + 1<<15) >> 16
		cbBTab[i] = (cbB*x + 1<<15) >> 16
		crGTab[i] = -crG * x
		cbGTab[i] = -cbG*x + 1<<15
	}
}

// interleave3 packs three planes' rows into RGB (an RGB JPEG: no
// transform).
func interleave3(dst, a, b, c []uint8) {
	n := len(a)
	b, c, dst = b[:n], c[:n], dst[:3*n]
	for i := 0; i < n; i++ {
		dst[3*i], dst[3*i+1], dst[3*i+2] = a[i], b[i], c[i]
	}
}

// cmykToRGB converts one row of a four-component file as Pillow does:
// libjpeg turns YCCK into CMYK (each of C, M, Y is 255 minus the clamped
// RGB value of the YCbCr triple; K passes through); Pillow always reads
// the result as inverted inks (Adobe's convention, with or without the
// Adobe marker) and converts CMYK to RGB with R = (255-C)(255-K)/255
// rounded as (t + t>>8) >> 8, t = product + 128. With the inversion,
// 255 minus Pillow's ink is the decoded value itself.
func cmykToRGB(dst, c, m, y, k []uint8, ycck bool) {
	n := len(c)
	m, y, k, dst = m[:n], y[:n], k[:n], dst[:3*n]
	for i := 0; i < n; i++ {
		var cmy [3]uint8
		if ycck {
			Y := int32(c[i])
			cb, cr := m[i], y[i]
			cmy[0] = 255 - clampByte(Y+crRTab[cr])
			cmy[1] = 255 - clampByte(Y+(cbGTab[cb]+crGTab[cr])>>16)
			cmy[2] = 255 - clampByte(Y+cbBTab[cb])
		} else {
			cmy = [3]uint8{c[i], m[i], y[i]}
		}
		kk := uint32(k[i])
		for j, v := range cmy {
			t := uint32(v)*kk + 128
			dst[3*i+j] = uint8((t + t>>8) >> 8)
		}
	}
}
