package jpeg

import "encoding/binary"

// exifOrientation returns the Orientation tag (0x0112) of an EXIF TIFF
// structure, or 0 when it is absent or malformed. Only IFD0 is read; every
// offset is checked against the data.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off > len(t)-2 {
		return 0
	}
	n := int(bo.Uint16(t[off:]))
	for i := 0; i < n; i++ {
		e := off + 2 + 12*i
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		var v int
		switch bo.Uint16(t[e+2:]) {
		case 3: // SHORT, the tag's type
			v = int(bo.Uint16(t[e+8:]))
		case 4: // LONG, which some writers use
			v = int(bo.Uint32(t[e+8:]))
		default:
			return 0
		}
		if v < 1 || v > 8 {
			return 0
		}
		return v
	}
	return 0
}
