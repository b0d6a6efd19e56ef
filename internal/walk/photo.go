package walk

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
)

// Photo limits. A phone's photo is 2–6 MB; the pixel bound keeps a small
// file that claims huge dimensions (a decompression bomb) from being
// decoded at all. A stored photo is at most MaxPhotoSide pixels on its
// long side: enough to see a broken lamp on a screen, small to keep.
const (
	MaxPhotoBytes  = 5 << 20
	maxPhotoPixels = 40_000_000
	MaxPhotoSide   = 1600
)

// The content types a stored photo has.
const (
	typeJPEG = "image/jpeg"
	typePNG  = "image/png"
)

// CleanPhoto checks an uploaded photo and returns it decoded and encoded
// again, with its content type: a JPEG or a PNG is re-encoded from its
// pixels, which drops every metadata block (EXIF with the position and the
// camera, XMP, comments, PNG text chunks). Before that, a JPEG's EXIF
// orientation is applied to the pixels (a phone held upright stores the
// photo sideways and says so in the tag), and the photo is scaled down to
// at most MaxPhotoSide pixels on its long side. Anything else is refused
// with the message key of the reason; nothing of a refused photo is kept.
func CleanPhoto(data []byte) (clean []byte, contentType, refusal string) {
	if len(data) > MaxPhotoBytes {
		return nil, "", "walk.error.photo_too_large"
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png") {
		if err == nil || err == image.ErrFormat {
			return nil, "", "walk.error.photo_type"
		}
		return nil, "", "walk.error.photo_broken"
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPhotoPixels {
		return nil, "", "walk.error.photo_dimensions"
	}
	var buf bytes.Buffer
	switch format {
	case "jpeg":
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, "", "walk.error.photo_broken"
		}
		out := orient(shrink(img, MaxPhotoSide), Orientation(data))
		if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: 85}); err != nil {
			return nil, "", "walk.error.photo_broken"
		}
		return buf.Bytes(), typeJPEG, ""
	default:
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, "", "walk.error.photo_broken"
		}
		var out image.Image = img
		if b := img.Bounds(); max(b.Dx(), b.Dy()) > MaxPhotoSide {
			out = shrink(img, MaxPhotoSide)
		}
		if err := png.Encode(&buf, out); err != nil {
			return nil, "", "walk.error.photo_broken"
		}
		return buf.Bytes(), typePNG, ""
	}
}

// Orientation returns the EXIF orientation (1–8) of a JPEG: tag 0x0112 of
// the first image directory of its APP1 "Exif" segment. It is 1 (as
// stored) when the file has no such tag or is not a JPEG the reader
// understands; it never reads past data.
func Orientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return 1
		}
		marker := data[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7):
			i += 2
			continue
		case marker == 0xDA || marker == 0xD9: // the image data: no EXIF after it
			return 1
		}
		size := int(binary.BigEndian.Uint16(data[i+2:]))
		if size < 2 || i+2+size > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+size]
		if marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			if o := tiffOrientation(seg[6:]); o != 0 {
				return o
			}
		}
		i += 2 + size
	}
	return 1
}

// tiffOrientation reads the orientation of a TIFF header's first
// directory, 0 when it has none.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 0
	}
	if order.Uint16(t[2:]) != 42 {
		return 0
	}
	ifd := uint64(order.Uint32(t[4:]))
	if ifd+2 > uint64(len(t)) {
		return 0
	}
	n := uint64(order.Uint16(t[ifd:]))
	for k := range n {
		e := ifd + 2 + 12*k
		if e+12 > uint64(len(t)) {
			return 0
		}
		if order.Uint16(t[e:]) != 0x0112 {
			continue
		}
		// A SHORT (type 3), one of them, its value in the entry.
		if order.Uint16(t[e+2:]) != 3 || order.Uint32(t[e+4:]) != 1 {
			return 0
		}
		if v := int(order.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 0
	}
	return 0
}

// shrink returns img as an RGBA image of at most side pixels on its long
// side, each pixel the mean of the pixels it covers (a box filter, which is
// what a photo scaled down needs).
func shrink(img image.Image, side int) *image.RGBA {
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	src := image.NewRGBA(image.Rect(0, 0, sw, sh))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	long := max(sw, sh)
	if long <= side {
		return src
	}
	dw, dh := max(1, sw*side/long), max(1, sh*side/long)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for dy := range dh {
		y0, y1 := dy*sh/dh, max((dy+1)*sh/dh, dy*sh/dh+1)
		for dx := range dw {
			x0, x1 := dx*sw/dw, max((dx+1)*sw/dw, dx*sw/dw+1)
			var sum [4]int
			for y := y0; y < y1; y++ {
				row := src.Pix[y*src.Stride+x0*4 : y*src.Stride+x1*4]
				for j := 0; j < len(row); j += 4 {
					sum[0] += int(row[j])
					sum[1] += int(row[j+1])
					sum[2] += int(row[j+2])
					sum[3] += int(row[j+3])
				}
			}
			n := (y1 - y0) * (x1 - x0)
			o := dy*dst.Stride + dx*4
			for c := range 4 {
				dst.Pix[o+c] = uint8((sum[c] + n/2) / n)
			}
		}
	}
	return dst
}

// orient turns and mirrors img as the EXIF orientation o says the
// picture is to be seen.
func orient(img *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return img
	}
	sw, sh := img.Bounds().Dx(), img.Bounds().Dy()
	dw, dh := sw, sh
	if o >= 5 {
		dw, dh = sh, sw
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for dy := range dh {
		for dx := range dw {
			var sx, sy int
			switch o {
			case 2: // mirrored
				sx, sy = sw-1-dx, dy
			case 3: // upside down
				sx, sy = sw-1-dx, sh-1-dy
			case 4: // mirrored upside down
				sx, sy = dx, sh-1-dy
			case 5: // transposed
				sx, sy = dy, dx
			case 6: // to be turned 90° clockwise
				sx, sy = dy, sh-1-dx
			case 7: // transversed
				sx, sy = sw-1-dy, sh-1-dx
			case 8: // to be turned 90° anticlockwise
				sx, sy = sw-1-dy, dx
			}
			copy(dst.Pix[dy*dst.Stride+dx*4:dy*dst.Stride+dx*4+4], img.Pix[sy*img.Stride+sx*4:sy*img.Stride+sx*4+4])
		}
	}
	return dst
}
