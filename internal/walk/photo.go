package walk

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
)

// Photo limits. A phone's photo is 2–6 MB; the pixel bound keeps a small
// file that claims huge dimensions (a decompression bomb) from being
// decoded at all.
const (
	MaxPhotoBytes  = 5 << 20
	maxPhotoPixels = 40_000_000
)

// The content types a stored photo has.
const (
	typeJPEG = "image/jpeg"
	typePNG  = "image/png"
)

// CleanPhoto checks an uploaded photo and returns it decoded and encoded
// again, with its content type: a JPEG or a PNG is re-encoded from its
// pixels, which drops every metadata block (EXIF with the position and the
// camera, XMP, comments, PNG text chunks). Anything else is refused with the
// message key of the reason; nothing of a refused photo is kept. Note that
// an EXIF orientation is dropped too: a photo taken sideways may show
// sideways.
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
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
			return nil, "", "walk.error.photo_broken"
		}
		return buf.Bytes(), typeJPEG, ""
	default:
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, "", "walk.error.photo_broken"
		}
		if err := png.Encode(&buf, img); err != nil {
			return nil, "", "walk.error.photo_broken"
		}
		return buf.Bytes(), typePNG, ""
	}
}
