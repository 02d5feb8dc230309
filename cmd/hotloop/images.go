package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hotloop/hotloop/dataset"
	"github.com/hotloop/hotloop/npy"
	"github.com/hotloop/hotloop/pixel"
)

// imagesOptions are the parsed flags of hotloop images.
type imagesOptions struct {
	out    string
	list   string
	labels string
	opts   []dataset.Option
	inputs []string
}

func imagesFlags(out io.Writer) (*flag.FlagSet, func(args []string) (imagesOptions, error)) {
	fs := flag.NewFlagSet("hotloop images", flag.ContinueOnError)
	fs.SetOutput(out)
	o := fs.String("o", "", "the .npy file to write (required); it appears only when the run succeeds")
	size := fs.String("size", "64x64", "target `WxH`")
	mode := fs.String("mode", "RGB", "colour mode: RGB or L")
	filter := fs.String("filter", "bicubic", "resampling filter: nearest, box, bilinear, hamming, bicubic or lanczos")
	fit := fs.String("fit", "stretch", "stretch (Image.resize), crop (ImageOps.fit) or pad (ImageOps.pad)")
	layout := fs.String("layout", "nhwc", "nhwc (uint8, np.asarray's layout) or nchw (float32, x/255 as ToTensor)")
	normalize := fs.String("normalize", "", "imagenet, or m1,m2,m3/s1,s2,s3 (per channel): Normalize(mean, std) after ToTensor; implies -layout nchw")
	workers := fs.Int("workers", 0, "images processed at once (default all cores)")
	fast := fs.Bool("fast", false, "decode JPEGs scaled down on load and shrink with reducing_gap 2 (Pillow's thumbnail pipeline): faster, close to but not equal to Image.resize's pixels")
	skip := fs.Bool("skip-bad", false, "leave out files that cannot be read or decoded, and list them, instead of failing")
	maxPixels := fs.Int("max-pixels", dataset.DefaultMaxPixels, "largest image a file may declare (decompression bombs)")
	list := fs.String("list", "", "read input paths from this file, one per line, besides the arguments")
	labels := fs.String("labels", "", "treat the one input folder as an ImageFolder (a subfolder per class) and write the int64 labels of the kept images to this .npy, the class names to its .classes.txt")
	shard := fs.String("shard", "", "process only part `k/n` of the inputs (k from 0); the n outputs concatenated are the whole run")
	return fs, func(args []string) (imagesOptions, error) {
		var inputs []string
		// Flags may follow the inputs (hotloop images DIR -o out.npy).
		for {
			if err := fs.Parse(args); err != nil {
				return imagesOptions{}, err
			}
			if fs.NArg() == 0 {
				break
			}
			inputs = append(inputs, fs.Arg(0))
			args = fs.Args()[1:]
		}
		r := imagesOptions{out: *o, list: *list, labels: *labels, inputs: inputs}
		if r.out == "" {
			return r, errors.New("-o is required")
		}
		var w, h int
		if _, err := fmt.Sscanf(*size, "%dx%d", &w, &h); err != nil {
			return r, fmt.Errorf("-size %q: want WxH", *size)
		}
		f, err := pixel.ParseFormat(*mode)
		if err != nil {
			return r, err
		}
		flt, err := pixel.ParseFilter(*filter)
		if err != nil {
			return r, err
		}
		fits := map[string]dataset.Fit{"stretch": dataset.Stretch, "crop": dataset.Crop, "pad": dataset.Pad}
		fm, ok := fits[*fit]
		if !ok {
			return r, fmt.Errorf("-fit %q: want stretch, crop or pad", *fit)
		}
		r.opts = []dataset.Option{dataset.Size(w, h), dataset.Mode(f), dataset.Filter(flt), dataset.Fitting(fm), dataset.MaxPixels(*maxPixels)}
		if *workers != 0 {
			r.opts = append(r.opts, dataset.Workers(*workers))
		}
		if *skip {
			r.opts = append(r.opts, dataset.SkipBad())
		}
		if *fast {
			r.opts = append(r.opts, dataset.Fast())
		}
		if *shard != "" {
			var k, n int
			if _, err := fmt.Sscanf(*shard, "%d/%d", &k, &n); err != nil {
				return r, fmt.Errorf("-shard %q: want k/n", *shard)
			}
			r.opts = append(r.opts, dataset.Shard(k, n))
		}
		if r.labels != "" && (len(inputs) != 1 || r.list != "") {
			return r, errors.New("-labels takes exactly one input folder")
		}
		switch {
		case *normalize != "":
			mean, std, err := parseNormalize(*normalize)
			if err != nil {
				return r, err
			}
			r.opts = append(r.opts, dataset.Float32(mean, std))
		case *layout == "nchw":
			r.opts = append(r.opts, dataset.Float32(nil, nil))
		case *layout != "nhwc":
			return r, fmt.Errorf("-layout %q: want nhwc or nchw", *layout)
		}
		return r, nil
	}
}

// parseNormalize reads "imagenet" or "m1,m2,m3/s1,s2,s3".
func parseNormalize(s string) (mean, std []float32, err error) {
	if s == "imagenet" {
		return []float32{0.485, 0.456, 0.406}, []float32{0.229, 0.224, 0.225}, nil
	}
	m, sd, ok := strings.Cut(s, "/")
	if !ok {
		return nil, nil, fmt.Errorf("-normalize %q: want imagenet or means/stds", s)
	}
	parse := func(list string) ([]float32, error) {
		var v []float32
		for _, f := range strings.Split(list, ",") {
			x, err := strconv.ParseFloat(strings.TrimSpace(f), 32)
			if err != nil {
				return nil, fmt.Errorf("-normalize %q: %v", s, err)
			}
			v = append(v, float32(x))
		}
		return v, nil
	}
	if mean, err = parse(m); err == nil {
		std, err = parse(sd)
	}
	return mean, std, err
}

// runImages is hotloop images: a folder (or files) of images to one
// stacked .npy tensor, Pillow's pipeline on all cores.
func runImages(args []string, stdout, stderr io.Writer) int {
	fs, parse := imagesFlags(stderr)
	o, err := parse(args)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "hotloop images: %v\n", err)
			fs.Usage()
		}
		return exitUsage
	}
	var folder *dataset.Folder
	var paths []string
	if o.labels != "" {
		folder, err = dataset.ImageFolder(o.inputs[0])
		if folder != nil {
			paths = folder.Paths
		}
	} else {
		paths, err = collectInputs(o.inputs, o.list)
	}
	if err != nil {
		fmt.Fprintf(stderr, "hotloop images: %v\n", err)
		return exitFail
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "hotloop images: no image files in the inputs")
		return exitFail
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	opts := append(o.opts, dataset.OnProgress(progressPrinter(stderr, isTerminal(stderr))))
	sum, err := writeAtomically(ctx, o.out, paths, opts)
	if isTerminal(stderr) {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "hotloop images: %v (no %s written)\n", err, o.out)
		return exitFail
	}
	if folder != nil {
		if err := writeLabels(o.labels, folder, sum.Kept); err != nil {
			fmt.Fprintf(stderr, "hotloop images: labels: %v\n", err)
			return exitFail
		}
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "%s: %d images, shape %v, %d skipped, %.2f s, %.1f images/s\n",
		o.out, len(sum.Paths), sum.Shape, len(sum.Skipped), secs, float64(len(paths))/secs)
	for _, s := range sum.Skipped {
		fmt.Fprintf(stdout, "skipped %s: %v\n", s.Path, s.Err)
	}
	return exitOK
}

// writeAtomically writes the .npy to a temporary file beside out and
// renames it into place only when everything succeeded, so an interrupted
// or failed run never leaves a partial file under the output name.
func writeAtomically(ctx context.Context, out string, paths []string, opts []dataset.Option) (sum *dataset.Summary, err error) {
	err = createAtomically(out, func(f *os.File) error {
		sum, err = dataset.Write(ctx, paths, f, opts...)
		return err
	})
	return sum, err
}

// writeLabels writes the labels of the kept images (int64 .npy) and the
// class names (one per line, class i on line i+1), each atomically.
func writeLabels(path string, f *dataset.Folder, kept []int) error {
	labels := f.LabelsOf(kept)
	err := createAtomically(path, func(out *os.File) error {
		return npy.Write(out, []int{len(labels)}, labels)
	})
	if err != nil {
		return err
	}
	return createAtomically(strings.TrimSuffix(path, ".npy")+".classes.txt", func(out *os.File) error {
		_, err := io.WriteString(out, strings.Join(f.Classes, "\n")+"\n")
		return err
	})
}

// createAtomically has write fill a temporary file beside path, then syncs
// it and renames it to path; on any failure the temporary file is removed
// and path is left as it was.
func createAtomically(path string, write func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// collectInputs expands directories (dataset.Walk) and reads the list
// file, keeping the order given.
func collectInputs(inputs []string, list string) ([]string, error) {
	if list != "" {
		f, err := os.Open(list)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if line := strings.TrimSpace(sc.Text()); line != "" {
				inputs = append(inputs, line)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	var paths []string
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			paths = append(paths, in)
			continue
		}
		found, err := dataset.Walk(in)
		if err != nil {
			return nil, err
		}
		paths = append(paths, found...)
	}
	return paths, nil
}

// progressPrinter returns a progress callback: a bar redrawn in place on a
// terminal (at most ten times a second), else a plain line every two
// seconds.
func progressPrinter(w io.Writer, terminal bool) func(dataset.Progress) {
	var last time.Time
	every := 2 * time.Second
	if terminal {
		every = 100 * time.Millisecond
	}
	return func(p dataset.Progress) {
		if time.Since(last) < every && p.Done < p.Total {
			return
		}
		last = time.Now()
		eta := "-"
		if r := p.Rate(); r > 0 {
			eta = (time.Duration(float64(p.Total-p.Done)/r) * time.Second).Round(time.Second).String()
		}
		if terminal {
			const width = 30
			fill := width * p.Done / max(p.Total, 1)
			fmt.Fprintf(w, "\r[%s%s] %d/%d  %.1f images/s  ETA %s ", strings.Repeat("#", fill), strings.Repeat(".", width-fill), p.Done, p.Total, p.Rate(), eta)
			return
		}
		fmt.Fprintf(w, "%d/%d images, %.1f images/s, ETA %s\n", p.Done, p.Total, p.Rate(), eta)
	}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
