// Package npy writes and reads NumPy's .npy files (format versions 1.0,
// 2.0 and 3.0 read, 1.0 written unless the header needs 2.0) for arrays of
// uint8, int64, float32 and float64 in C order, any shape: what
// numpy.save writes and numpy.load reads.
//
// Write and Read handle whole arrays. A Writer streams a file whose shape
// is known up front, taking items (rows of the first axis) at any index,
// so parallel workers can each write their part in place.
//
// Readers accept only what the format allows and refuse the rest with an
// error: a malformed or oversized header, an unsupported dtype, Fortran
// order, a shape whose size overflows, or data shorter than the shape. A
// header cannot make Read allocate more than the data actually present.
package npy
