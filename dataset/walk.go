package dataset

import (
	"bytes"
	"errors"
	"image"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Walk returns the image files below dir, recursively, in lexical order
// (deterministic on every system): the files whose content a registered
// image decoder recognises, whatever their names. A file that starts like
// an image but is corrupt is included, so that Load and Write report it.
func Walk(dir string) ([]string, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		ok, err := looksLikeImage(path)
		if err != nil {
			return err
		}
		if ok {
			paths = append(paths, path)
		}
		return nil
	})
	return paths, err
}

// looksLikeImage sniffs a file's first bytes with the registered decoders.
func looksLikeImage(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 64)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, err
	}
	_, _, err = image.DecodeConfig(bytes.NewReader(head[:n]))
	return !errors.Is(err, image.ErrFormat), nil
}
