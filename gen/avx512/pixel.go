package main

// pixelKernels are the kernels over packed pixels this file emits.
var pixelKernels = map[string]func(){}
