package main

// convertKernels are the conversions this file emits.
var convertKernels = map[string]func(){}
