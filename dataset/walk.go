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
// Symbolic links to files count as files (datasets are often farms of
// links); links to directories are not followed, so a cycle cannot
// loop, and a dangling link is skipped.
func Walk(dir string) ([]string, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			fi, err := os.Stat(path)
			if err != nil || !fi.Mode().IsRegular() {
				return nil
			}
		} else if !d.Type().IsRegular() {
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

// looksLikeImage sniffs a file's first bytes: JPEG's, or those of a
// registered decoder.
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
	if n >= 2 && head[0] == 0xFF && head[1] == 0xD8 {
		return true, nil // JPEG's SOI marker: decoded by package jpeg
	}
	_, _, err = image.DecodeConfig(bytes.NewReader(head[:n]))
	return !errors.Is(err, image.ErrFormat), nil
}

// Folder is an image-classification dataset in torchvision's ImageFolder
// layout: one subdirectory of the root per class.
type Folder struct {
	Paths   []string // every image, class after class, each class's files in Walk's order
	Labels  []int64  // the class index of each path
	Classes []string // the subdirectories' names, sorted: class i is Classes[i]
}

// ImageFolder reads the layout below root: every subdirectory is a class
// (classes sorted by name, numbered from 0), every image below it (found
// as Walk finds them) an example of that class. Files directly in root
// are ignored, as torchvision ignores them. Unlike torchvision, images are
// recognised by their content, not their extension.
func ImageFolder(root string) (*Folder, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	f := &Folder{}
	for _, e := range entries { // ReadDir sorts by name
		if !e.IsDir() {
			continue
		}
		paths, err := Walk(filepath.Join(root, e.Name()))
		if err != nil {
			return nil, err
		}
		label := int64(len(f.Classes))
		f.Classes = append(f.Classes, e.Name())
		for _, p := range paths {
			f.Paths = append(f.Paths, p)
			f.Labels = append(f.Labels, label)
		}
	}
	return f, nil
}

// LabelsOf returns the labels of the items a run over f.Paths kept
// (Batch.Kept or Summary.Kept), in the batch's order.
func (f *Folder) LabelsOf(kept []int) []int64 {
	out := make([]int64, len(kept))
	for i, k := range kept {
		out[i] = f.Labels[k]
	}
	return out
}
