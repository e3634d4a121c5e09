package sheet

import (
	"encoding/binary"
	"fmt"
)

// FirstFace returns the first font of a TrueType collection (.ttc) as a
// standalone TrueType font, with its tables copied and their offsets
// rewritten; a plain TrueType font (.ttf) comes back as it is. CFF-based
// fonts ("OTTO") are an error: the PDF writer cannot embed them.
func FirstFace(b []byte) ([]byte, error) {
	if len(b) < 12 {
		return nil, fmt.Errorf("sheet: font: %d bytes is too short", len(b))
	}
	switch string(b[:4]) {
	case "\x00\x01\x00\x00", "true":
		return b, nil
	case "OTTO":
		return nil, fmt.Errorf("sheet: font: a CFF-based OpenType font cannot be embedded in a PDF; give a TrueType (glyf) font")
	case "ttcf":
	default:
		return nil, fmt.Errorf("sheet: font: not a TrueType font or collection")
	}
	if binary.BigEndian.Uint32(b[8:]) == 0 || len(b) < 16 {
		return nil, fmt.Errorf("sheet: font: empty collection")
	}
	off := int(binary.BigEndian.Uint32(b[12:]))
	if off+12 > len(b) {
		return nil, fmt.Errorf("sheet: font: bad collection offset")
	}
	if string(b[off:off+4]) == "OTTO" {
		return nil, fmt.Errorf("sheet: font: a CFF-based OpenType font cannot be embedded in a PDF; give a TrueType (glyf) font")
	}
	n := int(binary.BigEndian.Uint16(b[off+4:]))
	if off+12+16*n > len(b) {
		return nil, fmt.Errorf("sheet: font: bad table directory")
	}
	head := 12 + 16*n
	out := make([]byte, head, len(b))
	copy(out, b[off:off+head])
	for i := range n {
		rec := out[12+16*i:]
		to, tl := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if to < 0 || tl < 0 || to+tl > len(b) {
			return nil, fmt.Errorf("sheet: font: table %d outside the file", i)
		}
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		out = append(out, b[to:to+tl]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, nil
}
