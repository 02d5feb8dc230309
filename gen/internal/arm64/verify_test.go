package arm64

import (
	"os"
	"strings"
	"testing"
)

// TestVerify checks every encoder form against GNU as and objdump. Without
// the GNU tools it skips, except under CI=true, where it fails: CI must not
// silently lose the check.
func TestVerify(t *testing.T) {
	if !HaveGNU() {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s and %s are required when CI=true (Debian: binutils-aarch64-linux-gnu)", GNUAs, GNUObjdump)
		}
		t.Skipf("%s or %s not on PATH", GNUAs, GNUObjdump)
	}
	var log strings.Builder
	if err := Verify(&log); err != nil {
		t.Fatal(err)
	}
	t.Log(log.String())
}

// TestKnownEncodings pins words checked by hand against GNU as.
func TestKnownEncodings(t *testing.T) {
	for _, c := range []struct {
		in   Inst
		want uint32
	}{
		{New(FADD, "4s", 0, 0, 4), 0x4e24d400},
		{New(FMUL, "2d", 2, 3, 4), 0x6e64dc62},
	} {
		if got := c.in.Word(); got != c.want {
			t.Errorf("%s = %08x, want %08x", c.in.Arm(), got, c.want)
		}
	}
}

// TestVerifyCatchesMismatch makes sure a wrong opcode does not pass: an
// fadd whose base has one bit flipped must be reported.
func TestVerifyCatchesMismatch(t *testing.T) {
	if !HaveGNU() {
		t.Skip("GNU tools not on PATH")
	}
	bad := &Op{Name: "fadd", Base: FADD.Base ^ 1<<12, Shapes: FADD.Shapes}
	err := verifyGNU(t.TempDir(), []Inst{New(FSUB, "4s", 1, 2, 3), New(bad, "4s", 1, 2, 3)})
	if err == nil || !strings.Contains(err.Error(), "1 encodings differ") {
		t.Fatalf("verifyGNU with a wrong fadd: err = %v", err)
	}
}
