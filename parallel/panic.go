package parallel

import (
	"fmt"
	"runtime/debug"
)

// PanicError is a panic caught on a worker: the value passed to panic and
// the stack of the goroutine that panicked. Map returns it (inside an
// ItemError) instead of crashing; For and Reduce panic with it on the
// calling goroutine, so the stack of the panic survives the hop between
// goroutines. Nested calls do not wrap it twice; a nil *PanicError passed
// to panic is wrapped like any other value.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the panicking goroutine's stack, as debug.Stack prints it
}

// Error returns the panic value and the stack.
func (e *PanicError) Error() string {
	if e == nil {
		return "hotloop: parallel: <nil *PanicError>"
	}
	return fmt.Sprintf("hotloop: parallel: panic: %v\n\n%s", e.Value, e.Stack)
}

// Unwrap returns the panic value when it is an error (runtime errors such as
// an index out of range are), so errors.As can reach it.
func (e *PanicError) Unwrap() error {
	if e == nil {
		return nil
	}
	err, _ := e.Value.(error)
	return err
}

// asPanicError wraps a recovered value; it must be called from the deferred
// function so that the stack still shows where the panic happened. A
// *PanicError is passed on as it is, except a nil one (panic((*PanicError)(nil))),
// which is wrapped like any other value: passed on, it would read as "no
// panic" to the code that reports failures, and the panic would be lost.
func asPanicError(v any) *PanicError {
	if p, ok := v.(*PanicError); ok && p != nil {
		return p
	}
	return &PanicError{Value: v, Stack: debug.Stack()}
}
