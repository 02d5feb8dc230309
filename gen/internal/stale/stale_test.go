// Package stale holds the test that fails when any generated file of the
// library differs from what the generators write: the assembly, stubs and
// tables of every ISA and every Go file gen/api derives from the registry.
package stale

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGeneratedFilesUpToDate copies the library tree (without .git and
// without the files marked generated) to a temporary directory, runs `make
// generate` there and compares: a file that changes, appears or is no longer
// written means the committed output is stale.
func TestGeneratedFilesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every generator")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("needs make")
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	before := snapshot(t, root)
	for path, data := range before {
		if isGenerated(data) {
			continue // must be written anew
		}
		dst := filepath.Join(tmp, path)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("make", "--no-print-directory", "generate")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make generate: %v\n%s", err, out)
	}
	after := snapshot(t, tmp)
	for path, data := range after {
		old, ok := before[path]
		switch {
		case !ok:
			t.Errorf("%s: written by the generators but not in the tree", path)
		case !bytes.Equal(old, data):
			t.Errorf("%s: stale: run 'make generate' and commit", path)
		}
	}
	for path := range before {
		if _, ok := after[path]; !ok {
			t.Errorf("%s: marked generated but no generator writes it", path)
		}
	}
}

// generatedMarker is the line Go's convention puts in generated files.
var generatedMarker = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)

func isGenerated(src []byte) bool {
	head := src[:min(len(src), 400)]
	return generatedMarker.Match(head)
}

// snapshot reads every regular file below root, skipping .git and test
// caches, keyed by slash-separated relative path.
func snapshot(t *testing.T, root string) map[string][]byte {
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if d.Name() == ".git" || strings.HasPrefix(d.Name(), "testdata-") {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
